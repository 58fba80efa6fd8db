using System.Globalization;
using ServerlessStreams.Testing;

namespace ServerlessStreams.Bench.Chaos;

/// <summary>One extent of one window for one group key (null: no group key); bounds in epoch milliseconds, null when open.</summary>
internal sealed record ExtentKey(string Window, string? Key, long? Lower, long? Upper)
{
    public override string ToString()
    {
        var key = Key is null ? "(no key)" : System.Text.Json.JsonSerializer.Serialize(Key.Length > 40 ? Key[..40] + "…" : Key);
        return $"{Window} {key} [{Bound(Lower)} … {Bound(Upper)}]";
    }

    private static string Bound(long? ms) => ms is { } at
        ? DateTimeOffset.FromUnixTimeMilliseconds(at).UtcDateTime.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)
        : "open";
}

/// <summary>
/// What the windows must hold, computed from the input alone, independently of the engine: per window, group key and
/// extent the count (or sum), with the window semantics of the job spec written out by hand. One fact comes from the
/// run: whether each record a day behind was late. It is late once the task's watermark is known; until every lane
/// into the task has carried data none is (a partition without data holds the watermark back), and which of the two a
/// record met depends on how far the other partitions had got. Either way it is counted or in the late topic, never
/// both and never neither.
/// </summary>
internal static class ChaosOracle
{
    private static readonly long Fixed = (long)ChaosJob.FixedRange.TotalMilliseconds;
    private static readonly long Slide = (long)ChaosJob.Slide.TotalMilliseconds;

    /// <param name="wasLate">Whether a record a day behind went to the late topic.</param>
    public static Dictionary<ExtentKey, double> Expected(IEnumerable<ChaosRecord> input, Func<ChaosRecord, bool> wasLate)
    {
        var records = input.ToList();
        var expected = new Dictionary<ExtentKey, double>();
        void Add(ExtentKey extent, double value) => expected[extent] = expected.GetValueOrDefault(extent) + value;

        // tally: each id once (its uniqueness key), the records it processes.
        var tallied = records.Where(r => !r.Duplicate && r.Record.Expect switch
        {
            HostileExpectation.Processed => true,
            HostileExpectation.Late => !wasLate(r),
            _ => false,
        }).Select(r => r.Record).ToList();
        foreach (var record in tallied)
        {
            var start = Floor(record.Time, Fixed);
            Add(new("count-fixed", record.User, start, start + Fixed - 1), 1);
            Add(new("sum-fixed", record.User, start, start + Fixed - 1), record.N);
            // Sliding two slides every slide: the extent ending with this slide and the one after.
            var slot = Floor(record.Time, Slide);
            Add(new("count-sliding", record.User, slot - Slide, slot + Slide - 1), 1);
            Add(new("count-sliding", record.User, slot, slot + 2 * Slide - 1), 1);
        }
        foreach (var user in tallied.GroupBy(r => r.User!))
        {
            var times = user.Select(r => r.Time).Order().ToList();
            var first = 0;
            for (var i = 1; i <= times.Count; i++)
            {
                if (i < times.Count && times[i] - times[i - 1] <= (long)ChaosJob.SessionGap.TotalMilliseconds) continue;
                Add(new("sessions", user.Key, times[first], times[i - 1]), i - first);
                first = i;
            }
        }

        // everything: every record it reads, copies included (no uniqueness key), in one global extent.
        var total = records.Count(r => ChaosJob.EverythingCounts(r.Record));
        if (total > 0) expected[new("total", null, null, null)] = total;
        return expected;
    }

    private static long Floor(long value, long step) => value - (((value % step) + step) % step);
}
