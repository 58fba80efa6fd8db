using System.Text.Encodings.Web;
using System.Text.Json;
using ServerlessStreams.Engine;
using ServerlessStreams.Registry;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Testing;

/// <summary>
/// The <c>simulate</c> run: a job over lines of text on a <see cref="JobTestDriver"/>, the production runtime with
/// in-process stores. Each non-blank line is a record of the job's input task at its line number as offset, in
/// partition 0, without a timestamp (event time is the window key's), piped alone; processing time is the largest event time seen (moved before segments are applied) and
/// the sweeper runs after each record.
/// When the lines end the job completes (every trigger fires <c>completed</c> for every live extent). Firings are
/// written as JSON lines in the order they happened; dead letters and late records in the format production writes
/// to its dead-letter topic (<see cref="Functions.Runtime.DeadLetter.ToJson"/>). Same lines, same output, byte for byte.
/// </summary>
internal static class JobSimulation
{
    private static readonly JsonSerializerOptions FiringJsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Runs <paramref name="job"/> over <paramref name="lines"/>, writing firings and dead letters one JSON line each.</summary>
    public static async Task<SimulationSummary> RunAsync(JobSpec job, JobRegistry registry, IEnumerable<string> lines, TextWriter firings,
        TextWriter deadLetters, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(firings);
        ArgumentNullException.ThrowIfNull(deadLetters);
        var input = job.Catalog.FirstOrDefault(t => t.Type == TaskType.Input)
            ?? throw new ArgumentException($"job '{job.Name}' has no input task", nameof(job));
        var keyKinds = job.Windows.ToDictionary(w => w.Id, w => w.KeyKind, StringComparer.Ordinal);
        // Processing time starts at the epoch and follows event time from the first record on.
        await using var driver = JobTestDriver.Create(job, registry,
            new JobTestDriverOptions { StartTime = DateTimeOffset.UnixEpoch, ProcessingTimeFollowsEventTime = true });
        var summary = new SimulationSummary();
        var written = 0;
        var offset = -1L;
        foreach (var line in lines)
        {
            offset++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            summary.Segments++;
            foreach (var outcome in await driver.PipeAsync(input.Name, [new TestRecord(line) { Offset = offset, Timestamp = TestRecord.NoTimestamp }], ct: ct))
            {
                foreach (var letter in outcome.DeadLetters) WriteLine(deadLetters, letter.ToJson().ToJsonString());
                foreach (var letter in outcome.Late) WriteLine(deadLetters, letter.ToJson().ToJsonString());
                summary.DeadLetters += outcome.DeadLetters.Count + outcome.Late.Count;
                summary.Late += outcome.Late.Count;
            }
            // Keys no segment reaches are woken where processing time now is: timers, watermark triggers, closed extents.
            await driver.SweepAsync(ct);
            written = WriteFirings(driver.Firings, written, keyKinds, firings);
        }
        await driver.CompleteAsync(ct);
        written = WriteFirings(driver.Firings, written, keyKinds, firings);
        summary.Firings = written;
        return summary;
    }

    private static int WriteFirings(IReadOnlyList<Firing> all, int from, Dictionary<string, WindowKeyKind> keyKinds, TextWriter writer)
    {
        for (var i = from; i < all.Count; i++)
            WriteLine(writer, FiringJson.ToJson(all[i], keyKinds[all[i].WindowId]).ToJsonString(FiringJsonOptions));
        return all.Count;
    }

    private static void WriteLine(TextWriter writer, string json)
    {
        writer.Write(json);
        writer.Write('\n');
    }
}

/// <summary>What a <see cref="JobSimulation"/> run saw.</summary>
internal sealed class SimulationSummary
{
    /// <summary>Non-blank input lines.</summary>
    public long Segments { get; set; }

    /// <summary>Firings written.</summary>
    public long Firings { get; set; }

    /// <summary>Dead letters written, late records included.</summary>
    public long DeadLetters { get; set; }

    /// <summary>Late records written (reason <c>late</c>).</summary>
    public long Late { get; set; }
}
