using ServerlessStreams.Engine;

namespace ServerlessStreams.Functions.Runtime;

/// <summary>What one stage invocation did, for logs, metrics and tests.</summary>
public sealed class InvocationOutcome
{
    /// <summary>Records the invocation took.</summary>
    public int Records { get; internal set; }
    /// <summary>Segments applied to window entities.</summary>
    public int Applied { get; internal set; }
    /// <summary>Segments skipped as applied before (a redelivery, or a uniqueness key seen before).</summary>
    public int Duplicates { get; internal set; }
    /// <summary>Records written by the job's output tasks.</summary>
    public int Emitted { get; internal set; }
    /// <summary>Entity-group transactions committed.</summary>
    public int Transactions { get; internal set; }
    /// <summary>Commits retried after another writer changed the entity.</summary>
    public int Conflicts { get; internal set; }
    /// <summary>The firings the invocation delivered.</summary>
    public List<Firing> Firings { get; } = [];
    /// <summary>What could not be processed, each with its reason.</summary>
    public List<DeadLetter> DeadLetters { get; } = [];
    /// <summary>What came after its extents closed.</summary>
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

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Records} records: {Applied} applied, {Duplicates} duplicates, {Emitted} emitted, {Firings.Count} firings, " +
        $"{DeadLetters.Count} dead letters, {Late.Count} late, {Transactions} transactions, {Conflicts} conflicts";
}
