#!/usr/bin/python3
"""Builds Infrastructure/Certificates/Fonts/NotoSansSC-Subset.ttf from Debian's fonts-noto-cjk (SIL OFL 1.1).

PDFsharp embeds TrueType outlines only, and Noto Sans CJK ships CFF outlines in a collection, so this takes the
SC face, keeps the characters a certificate can need (ASCII, CJK punctuation, full-width forms and the 6,763
hanzi of GB 2312: about 2 MB instead of 16), and converts the outlines to quadratic curves. A name with a
character outside GB 2312 prints that character as a blank box; the verification endpoint still shows it. Needs Debian's python3-fonttools. Run: /usr/bin/python3 scripts/make-certificate-font.py
"""
import sys
from fontTools.ttLib import TTCollection, newTable
from fontTools.subset import Subsetter, Options
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen

source = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'
target = sys.argv[1] if len(sys.argv) > 1 else 'Infrastructure/Certificates/Fonts/NotoSansSC-Subset.ttf'

font = TTCollection(source).fonts[2]  # Noto Sans CJK SC
assert 'SC' in font['name'].getDebugName(4)

chars = set(range(0x20, 0x7F)) | set(range(0x3000, 0x3040)) | set(range(0xFF01, 0xFF5F)) | {0x00B7, 0x2014, 0x2026, 0x2018, 0x2019, 0x201C, 0x201D, 0x3007}
for cp in range(0x4E00, 0x9FA6):
    try:
        chr(cp).encode('gb2312')
        chars.add(cp)
    except UnicodeEncodeError:
        pass

options = Options()
options.layout_features = []
options.name_IDs = ['*']
options.notdef_outline = True
options.hinting = False
options.desubroutinize = True
subsetter = Subsetter(options)
subsetter.populate(unicodes=sorted(chars))
subsetter.subset(font)

# CFF (cubic) to glyf (quadratic), after fontTools' otf2ttf snippet.
glyph_order = font.getGlyphOrder()
glyph_set = font.getGlyphSet()
glyf = newTable('glyf')
glyf.glyphOrder = glyph_order
glyf.glyphs = {}
for name in glyph_order:
    pen = TTGlyphPen(glyph_set)
    glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
    glyf.glyphs[name] = pen.glyph()
font['loca'] = newTable('loca')
font['glyf'] = glyf
del font['CFF ']
if 'VORG' in font:
    del font['VORG']
font['maxp'] = maxp = newTable('maxp')
maxp.tableVersion = 0x00010000
for attr in ('maxZones', 'maxTwilightPoints', 'maxStorage', 'maxFunctionDefs', 'maxInstructionDefs', 'maxStackElements', 'maxSizeOfInstructions', 'maxComponentElements'):
    setattr(maxp, attr, 0)
maxp.maxZones = 1
font['head'].indexToLocFormat = 1
font['head'].glyphDataFormat = 0
font['post'].formatType = 3.0
font['post'].extraNames = []
font['post'].mapping = {}
font.sfntVersion = '\0\1\0\0'
font.recalcBBoxes = True
font.save(target)
print(target, len(chars), 'characters')
