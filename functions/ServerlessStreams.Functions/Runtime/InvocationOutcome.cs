using ServerlessStreams.Engine;

namespace ServerlessStreams.Functions.Runtime;

/// <summary>What one stage invocation did, for logs, metrics and tests.</summary>
public sealed class InvocationOutcome
{
    public int Records { get; internal set; }
    public int Applied { get; internal set; }
    public int Duplicates { get; internal set; }
    public int Emitted { get; internal set; }
    public int Transactions { get; internal set; }
    public int Conflicts { get; internal set; }
    public List<Firing> Firings { get; } = [];
    public List<DeadLetter> DeadLetters { get; } = [];
    public List<DeadLetter> Late { get; } = [];

    // Dead letters and late records the window entities sent before their commits, by reference: listed, not sent again.
    private HashSet<DeadLetter>? _sent;

    internal DeadLetter MarkSent(DeadLetter letter)
    {
        (_sent ??= new HashSet<DeadLetter>(ReferenceEqualityComparer.Instance)).Add(letter);
        return letter;
    }

    internal bool WasSent(DeadLetter letter) => _sent is not null && _sent.Contains(letter);

    /// <summary>Per task the invocation ran: segments that went in and records that came out (for metrics).</summary>
    public Dictionary<string, (long In, long Out)> Tasks { get; } = new(StringComparer.Ordinal);

    internal void Count(string task, long recordsIn, long recordsOut)
    {
        var (seenIn, seenOut) = Tasks.GetValueOrDefault(task);
        Tasks[task] = (seenIn + recordsIn, seenOut + recordsOut);
    }

    public override string ToString() =>
        $"{Records} records: {Applied} applied, {Duplicates} duplicates, {Emitted} emitted, {Firings.Count} firings, " +
        $"{DeadLetters.Count} dead letters, {Late.Count} late, {Transactions} transactions, {Conflicts} conflicts";
}
