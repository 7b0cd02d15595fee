using Microsoft.Extensions.Logging.Abstractions;
using Zhuji.Infrastructure.Data;

using Zhuji.Tests.Support;

namespace Zhuji.Tests.Infrastructure;

/// <summary>The group-commit writer: if it cannot run, claims fail at once rather than wait forever.</summary>
[SqliteOnly]
public class SqliteClaimWriterTests
{
    [Test]
    public async Task AWriterThatCannotOpenItsFileFailsClaimsInsteadOfLeavingThemWaiting()
    {
        var missing = Path.Combine(Path.GetTempPath(), "zhuji-no-such-folder-" + Guid.NewGuid().ToString("N"), "zhuji.db");
        var writer = new SqliteClaimWriter($"Data Source={missing}", NullLogger<SqliteClaimWriter>.Instance);
        Task<SlotWrite> queued;
        try
        {
            queued = writer.TakeAndInsertAsync(1, null, 1, DateTime.UtcNow, null, CancellationToken.None);
            await writer.StartAsync(CancellationToken.None);
            var finished = await Task.WhenAny(queued, Task.Delay(TimeSpan.FromSeconds(10)));
            Assert.That(finished, Is.SameAs(queued), "a claim was left waiting on a dead writer");
            Assert.That(queued.IsFaulted, Is.True);
            Assert.Throws<InvalidOperationException>(() => writer.TakeAndInsertAsync(1, null, 2, DateTime.UtcNow, null, CancellationToken.None));
        }
        finally
        {
            await writer.StopAsync(CancellationToken.None);
        }
    }
}
