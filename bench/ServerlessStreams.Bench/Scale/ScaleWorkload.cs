using ServerlessStreams.Segments;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Bench.Scale;

/// <summary>
/// A job the scale benchmark runs, with its records and the counts they must give. Every round runs the job under a
/// name and topics of its own (<see cref="JobFor"/>), so rounds share the broker and the storage account but no state.
/// </summary>
internal abstract class ScaleWorkload
{
    /// <summary>The name in the results table.</summary>
    public abstract string Name { get; }

    /// <summary>Measured records per round unless the command says otherwise.</summary>
    public abstract int DefaultRecords { get; }

    /// <summary>The input task the records are produced for.</summary>
    public abstract string InputTask { get; }

    /// <summary>The job as deployed for one round: its name, topics and view tables carry <paramref name="tag"/>.</summary>
    public abstract JobSpec JobFor(string tag);

    /// <summary>The record values, deterministic: the first <paramref name="count"/> of one stream.</summary>
    public abstract IReadOnlyList<string> Records(int count);

    /// <summary>The Kafka key of a record value.</summary>
    public abstract string? KeyOf(string record);

    /// <summary>What the windows must hold after <paramref name="records"/>: a count per (window, group key).</summary>
    public abstract IReadOnlyDictionary<WindowCount, long> Expected(IEnumerable<string> records);

    /// <summary>The windows whose timer-fired views end up holding the entities' counts.</summary>
    public abstract IReadOnlyList<string> ViewedWindows { get; }

    /// <summary>
    /// Renames what a round must not share: the job (consumer groups, window entities), every topic, and every view
    /// table (view rows are keyed by view, window and group key, not by job).
    /// </summary>
    protected static JobSpec Tagged(JobSpec job, string tag)
    {
        string Topic(string topic) => $"{tag}-{topic}";
        return job with
        {
            Name = $"{job.Name}-{tag}",
            Catalog = [.. job.Catalog.Select(t => t.Topic is null ? t : t with { Topic = Topic(t.Topic) })],
            Triggers =
            [
                .. job.Triggers.Select(t => t.Sync switch
                {
                    { Table: { } table } => t with { Sync = t.Sync with { Table = table + string.Concat(tag.Where(char.IsAsciiLetterOrDigit)) } },
                    { Topic: { } topic } => t with { Sync = t.Sync with { Topic = Topic(topic) } },
                    _ => t,
                }),
            ],
            DeadLetter = job.DeadLetter?.Topic is { } dead ? job.DeadLetter with { Topic = Topic(dead) } : job.DeadLetter,
            LateData = job.LateData?.Topic is { } late ? job.LateData with { Topic = Topic(late) } : job.LateData,
        };
    }
}

/// <summary>One window's count for one group key.</summary>
internal readonly record struct WindowCount(string Window, GroupKey Key)
{
    public override string ToString() => Key.IsNone ? Window : $"{Window}[{Key}]";
}
