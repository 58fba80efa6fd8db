using ServerlessStreams.Testing;

namespace ServerlessStreams.Bench.Chaos;

/// <summary>Compares what a run left with what its input must give, and lists every difference.</summary>
internal static class ChaosVerdict
{
    /// <summary>Differences between the expected and the actual extents of one source (entities or a view).</summary>
    public static List<string> Extents(string source, IReadOnlyDictionary<ExtentKey, double> expected, IReadOnlyDictionary<ExtentKey, double> actual)
    {
        var mismatches = new List<string>();
        foreach (var (extent, value) in expected)
        {
            if (!actual.TryGetValue(extent, out var found)) mismatches.Add($"{source}: {extent} missing (expected {value:G})");
            else if (found != value) mismatches.Add($"{source}: {extent} holds {found:G}, expected {value:G}");
        }
        foreach (var (extent, value) in actual.Where(a => !expected.ContainsKey(a.Key)))
            mismatches.Add($"{source}: {extent} holds {value:G}, expected no such extent");
        return mismatches;
    }

    /// <summary>
    /// Every record that must be dead-lettered is, once per distinct reason it can have, with the reason naming its
    /// problem; every late one is in the late topic; no record that must be counted is in either.
    /// </summary>
    public static List<string> Letters(IReadOnlyList<(ChaosRecord Record, int Partition, long Offset)> produced, string inputTopic,
        IReadOnlyList<Letter> deadLetters, IReadOnlyList<Letter> late)
    {
        var mismatches = new List<string>();
        var dead = deadLetters.ToLookup(l => (l.Topic, l.Partition, l.Offset));
        var lateAt = late.ToLookup(l => (l.Topic, l.Partition, l.Offset));
        var known = produced.Select(p => (inputTopic, p.Partition, p.Offset)).ToHashSet();
        foreach (var (chaos, partition, offset) in produced)
        {
            var at = (inputTopic, partition, offset);
            var record = chaos.Record;
            var where = $"{record.Kind} at {inputTopic}/{partition}/{offset}";
            switch (record.Expect)
            {
                case HostileExpectation.DeadLetter when !dead[at].Any():
                    mismatches.Add($"{where}: not dead-lettered");
                    break;
                case HostileExpectation.DeadLetter when !dead[at].Any(l => l.Reason.Contains(record.Reason!, StringComparison.OrdinalIgnoreCase)):
                    mismatches.Add($"{where}: dead-lettered for '{dead[at].First().Reason}', not for '{record.Reason}'");
                    break;
                case HostileExpectation.Processed or HostileExpectation.Late when dead[at].Any():
                    mismatches.Add($"{where}: dead-lettered for '{dead[at].First().Reason}', but it must be counted");
                    break;
            }
            if (record.Expect != HostileExpectation.Late && lateAt[at].Any()) mismatches.Add($"{where}: in the late topic, but it is not late");
        }
        foreach (var letter in deadLetters.Concat(late).Where(l => !known.Contains((l.Topic, l.Partition, l.Offset))))
            mismatches.Add($"a letter for {letter.Topic}/{letter.Partition}/{letter.Offset}, which was never produced: {letter.Reason}");
        return mismatches;
    }
}
