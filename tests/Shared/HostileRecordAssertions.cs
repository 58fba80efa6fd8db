namespace ServerlessStreams.Testing;

/// <summary>Checks what a pipeline reported for a <see cref="HostileRecords"/> mix against what each record expects.</summary>
internal static class HostileRecordAssertions
{
    /// <summary>
    /// The records expected as <paramref name="kind"/> are exactly those reported so (by offset of the input
    /// partition), each once, with a reason that contains the expected one.
    /// </summary>
    public static void Exactly(HostileExpectation kind, IEnumerable<(long Offset, string Reason)> reported, IReadOnlyDictionary<long, HostileRecord> byOffset)
    {
        var list = reported.ToList();
        var expected = byOffset.Where(p => p.Value.Expect == kind).Select(p => p.Key).Order().ToList();
        var missing = expected.Except(list.Select(l => l.Offset)).Select(o => $"{o}: {byOffset[o]}");
        var unexpected = list.Where(l => !expected.Contains(l.Offset))
            .Select(l => $"{l.Offset}: {(byOffset.TryGetValue(l.Offset, out var r) ? r.ToString() : "?")} reported '{l.Reason}'");
        Assert.True(list.Select(l => l.Offset).Order().SequenceEqual(expected),
            $"{kind}: missing [{string.Join("; ", missing)}], unexpected [{string.Join("; ", unexpected)}]");
        foreach (var (offset, reason) in list)
            if (byOffset[offset].Reason is { } fragment)
                Assert.True(reason.Contains(fragment, StringComparison.OrdinalIgnoreCase), $"offset {offset} ({byOffset[offset]}): reason '{reason}' does not name '{fragment}'");
    }

    /// <summary>The oracle's extents of one user, (minute, value) in order.</summary>
    public static List<(long Minute, long Value)> Extents(Dictionary<(string User, long Minute), (long Count, long Sum)> expected, string user,
        Func<(long Count, long Sum), long> value) =>
        [.. expected.Where(p => p.Key.User == user).Select(p => (p.Key.Minute, value(p.Value))).OrderBy(e => e.Minute)];
}
