import { nextTick, shallowRef } from 'vue';
import type { Schemas } from '@/api/types';
import { useSession } from '@/stores/session';
import { showError } from '@/utils/feedback';

export interface PrintedSection {
  heading?: string;
  columns: string[];
  rows: (string | number | null)[][];
}

/** What a printed paper holds: see PrintSheet. */
export interface PrintedSheet {
  title: string;
  subtitle: string[];
  fields?: { label: string; value: string }[];
  sections: PrintedSection[];
  summary?: string[];
  /** Whose seal goes under it: the organization of the one who prints. */
  organization: string;
  landscape?: boolean;
}

/** The organization a back-office user signs for, by his first role: 中共诸暨市委组织部, 城西社区党组织, …. */
export function organizationOf(roles: Schemas['RoleDto'][]): string {
  const role = roles[0];
  if (!role) return '';
  switch (role.role) {
    case 'CityAdmin': return '中共诸暨市委组织部';
    case 'StreetAdmin': return `${role.scopeName ?? ''}党工委`;
    case 'BlockAdmin': return `${role.scopeName ?? ''}党支部`;
    default: return `${role.scopeName ?? ''}党组织`;
  }
}

/**
 * Prints a paper: the page makes the sheet (reading every row it needs), the sheet takes the page's place for the
 * printer, and goes when the print dialog closes.
 */
export function usePrintSheet() {
  const sheet = shallowRef<PrintedSheet | null>(null);
  const session = useSession();

  function done(): void {
    document.body.classList.remove('printing');
    sheet.value = null;
  }

  async function print(make: (organization: string) => Promise<Omit<PrintedSheet, 'organization'> & { organization?: string }>): Promise<void> {
    try {
      const organization = organizationOf(session.roles);
      sheet.value = { organization, ...(await make(organization)) };
    } catch (e) {
      showError(e);
      return;
    }

    await nextTick();
    document.body.classList.add('printing');
    window.addEventListener('afterprint', done, { once: true });
    window.print();
  }

  return { sheet, print };
}
