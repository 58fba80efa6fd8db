using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ServerlessStreams.Engine;
using ServerlessStreams.Functions.Kafka;
using ServerlessStreams.Segments;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Ingestion;

/// <summary>
/// Takes records for a job's ingestible inputs (<c>catalog[*].ingest</c>) and produces them to the input's topic.
/// A request is taken whole or not at all: every record is checked before any is produced, so a client that is told
/// 400 knows that nothing went in and can fix and resend the same request; taking the valid ones would leave it to
/// work out which records to resend, and a resend of the whole request would duplicate them.
/// With an <c>Idempotency-Key</c>, record <c>i</c> carries the segment id <c>ingest/&lt;task&gt;/&lt;key&gt;/&lt;i&gt;</c>
/// (header <c>ss-id</c>), so the stages de-duplicate a retried request's records by id wherever they land.
/// </summary>
internal sealed class JobIngestion(JobSpec job, IIngestPublisher publisher, Func<string, string, string>? resolveTopic = null,
    TimeProvider? time = null, IngestLimits? limits = null)
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const int MaxIdempotencyKeyLength = 200;

    /// <summary>Problems listed in a 400 answer, at most; the message still counts all of them.</summary>
    public const int MaxListedProblems = 100;

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public JobSpec Job => job;

    /// <summary>
    /// The task's ingestion settings as they apply: the spec's, with the app settings' limits (<see cref="IngestLimits"/>)
    /// in their place where set; null when the job has no such ingestible Kafka input.
    /// </summary>
    public IngestSettings? SettingsOf(string task) =>
        job.Catalog.FirstOrDefault(t => t.Name == task) is { Type: TaskType.Input, Medium: Medium.Kafka, Ingest: { } settings }
            ? (limits ?? IngestLimits.None).Apply(settings)
            : null;

    /// <summary>Checks and produces a body already read (at most the task's <see cref="IngestSettings.MaxBodyBytes"/>).</summary>
    public async Task<IngestResult> IngestAsync(string task, IngestFormat format, ReadOnlyMemory<byte> body, string? idempotencyKey,
        CancellationToken ct)
    {
        var settings = SettingsOf(task);
        if (settings is null) return IngestResult.Error(404, $"job '{job.Name}' has no ingestible input '{task}'");
        if (body.Length > settings.MaxBodyBytes)
            return IngestResult.Error(413, $"the body has {body.Length} bytes; '{task}' takes at most {settings.MaxBodyBytes}");
        if (idempotencyKey is not null && ProblemWith(idempotencyKey) is { } keyProblem)
            return IngestResult.Error(400, $"the {IdempotencyKeyHeader} header {keyProblem}");

        var records = IngestBody.Split(body, format, out var bodyProblem);
        if (bodyProblem is not null)
            return IngestResult.Error(400, $"record {bodyProblem.Index}: {bodyProblem.Problem}; nothing was produced", [bodyProblem]);

        var topic = resolveTopic?.Invoke(task, job.Task(task).Topic!) ?? job.Task(task).Topic!;
        var windows = job.Downstream(task).SelectMany(job.WindowsOf).ToList();
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var outgoing = new List<OutgoingRecord>(records.Count);
        var problems = new List<IngestProblem>();
        foreach (var record in records)
        {
            var problem = Check(record, settings, windows, now, out var key);
            if (problem is not null)
            {
                problems.Add(new IngestProblem(record.Index, problem));
                continue;
            }
            if (problems.Count > 0) continue;
            key ??= idempotencyKey is null ? null : $"{idempotencyKey}/{record.Index}";
            SegmentId? id = idempotencyKey is null ? null : new SegmentId($"ingest/{task}/{idempotencyKey}/{record.Index}");
            outgoing.Add(new OutgoingRecord(topic, key, record.Json, id));
        }
        if (problems.Count > 0)
        {
            var first = problems[0];
            var message = problems.Count == 1
                ? $"record {first.Index}: {first.Problem}; nothing was produced"
                : $"{problems.Count} of {records.Count} records are malformed, the first is record {first.Index}: {first.Problem}; nothing was produced";
            return IngestResult.Error(400, message, problems.Take(MaxListedProblems).ToList());
        }

        IReadOnlyList<DeliveredRecord> delivered;
        try
        {
            delivered = await publisher.PublishAsync(outgoing, ct);
        }
        catch (KafkaDeliveryException e)
        {
            var retry = idempotencyKey is null
                ? "some records may have been produced; a retry may duplicate them (send an Idempotency-Key to retry safely)"
                : "some records may have been produced; retry with the same Idempotency-Key";
            return IngestResult.Error(503, $"{e.Message}; {retry}");
        }
        return new IngestResult(202, Accepted(task, topic, delivered));
    }

    private static JsonObject Accepted(string task, string topic, IReadOnlyList<DeliveredRecord> delivered)
    {
        var partitions = delivered.GroupBy(d => d.Partition).OrderBy(g => g.Key).Select(g => (JsonNode)new JsonObject
        {
            ["partition"] = g.Key,
            ["firstOffset"] = g.Min(d => d.Offset),
            ["lastOffset"] = g.Max(d => d.Offset),
            ["records"] = g.Count(),
        });
        return new JsonObject
        {
            ["task"] = task,
            ["topic"] = topic,
            ["records"] = delivered.Count,
            ["partitions"] = new JsonArray(partitions.ToArray()),
        };
    }

    /// <summary>Why a record cannot be taken, or null; <paramref name="key"/> is its key field's value when the spec names one.</summary>
    private static string? Check(IngestRecord record, IngestSettings settings, IReadOnlyList<WindowSpec> windows, long now, out string? key)
    {
        key = null;
        if (record.Json.Length > settings.MaxRecordBytes) return $"too large: {record.Json.Length} bytes, at most {settings.MaxRecordBytes}";
        JsonObject? value;
        try
        {
            value = JsonNode.Parse(record.Json.Span) as JsonObject;
        }
        catch (JsonException)
        {
            return "not JSON";
        }
        if (value is null) return "not a JSON object";
        if (settings.KeyField is { } field)
        {
            if (!value.TryGetPropertyValue(field, out var keyNode) || keyNode is null) return $"key field '{field}' missing";
            key = keyNode is JsonValue text && text.TryGetValue(out string? s) ? s : keyNode.ToJsonString();
        }
        foreach (var window in windows)
        {
            // A time window falls back to the record's timestamp, which Kafka sets when it takes the record.
            if (WindowValues.Read(value, window, now, out var error) is null) return $"{error} (window '{window.Id}')";
        }
        return null;
    }

    private static string? ProblemWith(string idempotencyKey)
    {
        if (idempotencyKey.Length == 0) return "is empty";
        if (idempotencyKey.Length > MaxIdempotencyKeyLength) return $"is longer than {MaxIdempotencyKeyLength} characters";
        if (idempotencyKey.Any(c => c < 0x21 || c > 0x7e)) return "may hold only visible ASCII characters";
        return null;
    }
}
