using ServerlessStreams.Testing;

namespace ServerlessStreams.Bench.Chaos;

/// <summary>One record of the chaos input and the Kafka key it is produced with.</summary>
/// <param name="Duplicate">A second copy of an earlier record (same id, value and key), as a producer retrying sends it.</param>
internal sealed record ChaosRecord(HostileRecord Record, string? Key, bool Duplicate);

/// <summary>
/// The chaos run's input, from a seed: valid events of 12 users over half an hour of event time in random order (so
/// out of order by up to 30 minutes, within the job's hour of out-of-orderness), about 3% sent again a few records
/// later (as a producer retrying a send it saw no acknowledgement for; same key, so the same partition), and every hostile
/// kind of <see cref="HostileRecords"/> mixed in. Late records come in the second half only: by then every partition
/// has carried events of the half hour, so the watermark has passed them whatever the order of processing.
/// </summary>
internal static class ChaosInput
{
    private const int Users = 12;
    private const int RetryDistance = 50;

    public static IReadOnlyList<ChaosRecord> Generate(int seed, int count, HostileLimits limits)
    {
        var random = new Random(seed);
        var hostile = HostileRecords.Hostile(random, limits);
        var late = hostile.Where(r => r.Expect == HostileExpectation.Late).ToList();
        var early = hostile.Except(late).ToList();
        var valid = count - hostile.Count;
        if (valid < 2 * Users) throw new ArgumentOutOfRangeException(nameof(count), count, $"a chaos run needs at least {hostile.Count + 2 * Users} records");

        var records = new List<ChaosRecord>(count);
        for (var i = 0; i < valid; i++)
        {
            if (records.Count > 0 && random.NextDouble() < 0.03)
            {
                var again = records[Math.Max(0, records.Count - 1 - random.Next(RetryDistance))];
                records.Add(again with { Duplicate = true });
                continue;
            }
            var id = $"c{i}";
            var record = HostileRecords.Valid("valid", id, $"user-{random.Next(Users):D2}", HostileRecords.BaseTime + random.NextInt64(30 * HostileRecords.Minute),
                random.Next(100));
            records.Add(new ChaosRecord(record, id, Duplicate: false));
        }
        foreach (var record in early) records.Insert(random.Next(records.Count), new ChaosRecord(record, record.Key, false));
        foreach (var record in late) records.Insert(records.Count / 2 + random.Next(records.Count / 2), new ChaosRecord(record, record.Key, false));
        return records;
    }
}
