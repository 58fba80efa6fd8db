using System.Text.Json;
using System.Text.Json.Nodes;
using ServerlessStreams.Engine;
using ServerlessStreams.Registry;
using ServerlessStreams.Segments;
using ServerlessStreams.Spec;
using ServerlessStreams.Stages;

namespace ServerlessStreams.Simulation;

/// <summary>
/// Runs a job with no Kafka and no storage: input lines are segments of the job's input task, in order, as offsets
/// 0..n−1 of partition 0. Processing time is the largest event time seen so timer triggers are deterministic;
/// the watermark is that minus maxOutOfOrderness. When the input ends the job completes.
/// </summary>
public sealed class JobSimulator
{
    private readonly JobSpec _job;
    private readonly TaskSpec _input;
    private readonly Dictionary<string, SimulatedTask> _tasks = new(StringComparer.Ordinal);
    private readonly List<SimulatedTask> _order = [];

    public JobSimulator(JobSpec job, JobRegistry registry)
    {
        _job = job;
        _input = job.Catalog.FirstOrDefault(t => t.Type == TaskType.Input)
            ?? throw new ArgumentException($"job '{job.Name}' has no input task");
        foreach (var task in job.Catalog.Where(t => t.Type == TaskType.Function))
        {
            var simulated = new SimulatedTask(new FunctionStage(job, task, registry), job.Time.MaxOutOfOrderness.TotalMilliseconds);
            _tasks[task.Name] = simulated;
            _order.Add(simulated);
        }
    }

    /// <summary>Processes every line; firings and dead letters are written as JSON lines, in processing order.</summary>
    public SimulationSummary Run(IEnumerable<string> inputLines, TextWriter firings, TextWriter deadLetters)
    {
        var summary = new SimulationSummary();
        var offset = -1L;
        foreach (var line in inputLines)
        {
            offset++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            summary.Segments++;
            if (Parse(line, out var error) is not { } payload)
            {
                WriteDeadLetter(deadLetters, offset, error!, line, summary);
                continue;
            }
            var segment = new Segment
            {
                Id = SegmentId.FromSource(_input.Topic ?? _input.Name, 0, offset),
                Payload = payload,
                Source = new SourceCoordinates(_input.Topic ?? _input.Name, 0, offset),
            };
            foreach (var downstream in _job.Downstream(_input.Name))
                Route(downstream, segment, offset, line, firings, deadLetters, summary);
        }

        foreach (var task in _order)
            foreach (var firing in task.Complete())
                WriteFiring(firings, task, firing, summary);
        return summary;
    }

    private void Route(string taskName, Segment segment, long offset, string line, TextWriter firings, TextWriter deadLetters, SimulationSummary summary)
    {
        if (!_tasks.TryGetValue(taskName, out var task)) return;
        var outcome = task.Process(segment);
        if (outcome.Rejection is { } reason) WriteDeadLetter(deadLetters, offset, reason, line, summary);
        if (outcome.Late) WriteDeadLetter(deadLetters, offset, "late", line, summary);
        foreach (var firing in outcome.Firings) WriteFiring(firings, task, firing, summary);
        foreach (var routed in outcome.Emitted)
            Route(routed.Task, routed.Segment, offset, line, firings, deadLetters, summary);
    }

    private static JsonObject? Parse(string line, out string? error)
    {
        error = null;
        try
        {
            if (JsonNode.Parse(line) is JsonObject o) return o;
            error = "not an object";
        }
        catch (JsonException)
        {
            error = "not JSON";
        }
        return null;
    }

    private static void WriteFiring(TextWriter writer, SimulatedTask task, Firing firing, SimulationSummary summary)
    {
        summary.Firings++;
        writer.Write(FiringJson.ToJson(firing, task.KeyKindOf(firing.WindowId)).ToJsonString(SimulationJson.Options));
        writer.Write('\n');
    }

    private static void WriteDeadLetter(TextWriter writer, long offset, string reason, string line, SimulationSummary summary)
    {
        summary.DeadLetters++;
        if (reason == "late") summary.Late++;
        var entry = new JsonObject { ["offset"] = offset, ["reason"] = reason, ["line"] = line };
        writer.Write(entry.ToJsonString(SimulationJson.Options));
        writer.Write('\n');
    }
}

public sealed class SimulationSummary
{
    public long Segments { get; set; }
    public long Firings { get; set; }
    public long DeadLetters { get; set; }
    public long Late { get; set; }
}

internal static class SimulationJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
