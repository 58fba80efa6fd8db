using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ServerlessStreams.Functions.Worker;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Ingestion;

/// <summary>
/// <c>POST /api/ingest/&lt;task&gt;</c>, one function per ingestible input (<c>ingest-&lt;task&gt;</c>): reads the body
/// within the task's limit and hands it to <see cref="JobIngestion"/>. 202 after Kafka acknowledged every record;
/// 400 naming malformed records (none produced), 413 over the size limit, 415 for other content types.
/// </summary>
internal sealed class IngestFunctions(JobIngestion ingestion)
{
    public const string Prefix = "ingest-";
    public const string RoutePrefix = "ingest/";

    public static string FunctionName(string task) =>
        Prefix + string.Concat(task.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '-'));

    /// <summary>The ingestion functions of a job, one per Kafka input with <c>ingest</c>; function-level auth.</summary>
    public static IEnumerable<WorkerFunction> For(JobSpec job) =>
        job.Catalog.Where(t => t is { Type: TaskType.Input, Medium: Medium.Kafka, Ingest: not null }).Select(t =>
            new WorkerFunction(FunctionName(t.Name), $"{typeof(IngestFunctions).FullName}.{nameof(IngestAsync)}",
            [
                BindingJson.HttpTrigger(JobFunctionCatalog.HttpRequestParameter, "Function", RoutePrefix + t.Name, "post"),
                BindingJson.HttpReturn(),
            ]));

    public async Task<IActionResult> IngestAsync(HttpRequest req, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(req);
        ArgumentNullException.ThrowIfNull(context);
        var task = ingestion.Job.Catalog.Select(t => t.Name).FirstOrDefault(t => FunctionName(t) == context.FunctionDefinition.Name);
        var settings = task is null ? null : ingestion.SettingsOf(task);
        if (task is null || settings is null)
            return Json(IngestResult.Error(404, $"function '{context.FunctionDefinition.Name}' ingests into no input of job '{ingestion.Job.Name}'"));
        if (!HttpMethods.IsPost(req.Method)) return Json(IngestResult.Error(405, "ingestion takes POST"));
        if (IngestFormats.Of(req.ContentType) is not { } format)
            return Json(IngestResult.Error(415,
                $"content type '{req.ContentType}' is not taken; send application/json (an object or an array of objects) or application/x-ndjson"));
        if (req.ContentLength > settings.MaxBodyBytes)
            return Json(IngestResult.Error(413, $"the body has {req.ContentLength} bytes; '{task}' takes at most {settings.MaxBodyBytes}"));

        var body = await ReadAsync(req.Body, settings.MaxBodyBytes, context.CancellationToken);
        if (body is null) return Json(IngestResult.Error(413, $"the body is larger than '{task}' takes: at most {settings.MaxBodyBytes} bytes"));
        string? key = req.Headers.TryGetValue(JobIngestion.IdempotencyKeyHeader, out var values) ? values.ToString() : null;
        return Json(await ingestion.IngestAsync(task, format, body.Value, key, context.CancellationToken));
    }

    /// <summary>The body, or null when it is longer than <paramref name="limit"/>.</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadAsync(Stream body, int limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private static ContentResult Json(IngestResult result) =>
        new() { StatusCode = result.Status, ContentType = "application/json", Content = result.Body.ToJsonString() };
}
