using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using ServerlessStreams.Functions.Runtime;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Worker;

/// <summary>
/// The entry points of every function <see cref="JobFunctionCatalog"/> reports. The functions come from the job spec,
/// so one method serves all stage functions and finds its task by the invoked function's name. Parameter names are
/// the binding names of the catalog.
/// </summary>
internal sealed class JobFunctions(JobComponents components, StageFunctionNames stages, ILogger<JobFunctions> logger)
{
    /// <summary>
    /// A kafkaTrigger batch of an input task's topic or of a repartitioned task's internal topic: the records' values,
    /// their coordinates in the trigger metadata. Returns once every window change is committed and every output, dead
    /// letter and late record is acknowledged. A record that cannot be processed goes to the dead letters and the batch
    /// goes on; an infrastructure failure, or metadata that does not describe the records, throws, so the batch is
    /// delivered again.
    /// </summary>
    public async Task RunStageAsync(byte[][] events, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var function = context.FunctionDefinition.Name;
        var (task, repartitioned) = stages.Resolve(function);
        var records = KafkaEventBatch.Decode(events ?? [], context.BindingContext.BindingData);
        var outcome = repartitioned
            ? await components.Runtime.ProcessRepartitionedAsync(task, records, context.CancellationToken)
            : await components.Runtime.ProcessAsync(task, records, context.CancellationToken);
        WorkerLogEvents.StageProcessed(logger, function, task, outcome.ToString());
    }

    /// <summary>
    /// The timerTrigger: one sweep per tick. Every run counts (the dashboard shows the last, also when another instance
    /// held the lease) and reports the watermark lag of each windowed task it read; a run that swept also reports its lag,
    /// its firings, and its firings as records out of their tasks.
    /// </summary>
    public async Task SweepAsync(FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var started = DateTimeOffset.UtcNow;
        var report = await components.Sweeper.SweepAsync(context.CancellationToken);
        var job = components.Job;
        if (report.Swept)
        {
            components.Metrics.SweeperLag(job.Name, DateTimeOffset.UtcNow - started);
            foreach (var fired in report.Firings.GroupBy(f => (f.WindowId, f.TriggerId)))
                components.Metrics.WindowsFired(job.Name, "sweeper", fired.Key.WindowId, fired.Key.TriggerId, fired.Count());
            foreach (var byTask in report.Firings.GroupBy(f => job.Windows.First(w => w.Id == f.WindowId).Task))
                components.Metrics.RecordsOut(job.Name, byTask.Key, TaskType.Function, byTask.Count());
        }
        components.Metrics.SweeperRan(job.Name, report.Swept);
        var now = DateTimeOffset.UtcNow;
        foreach (var (task, watermark) in report.Watermarks)
            if (watermark is { } time && job.WindowsOf(task).Any(w => w.KeyKind == WindowKeyKind.Time))
                components.Metrics.WatermarkLag(job.Name, task, now - DateTimeOffset.FromUnixTimeMilliseconds((long)time));
        WorkerLogEvents.Swept(logger, report.ToString());
    }

    /// <summary>
    /// <c>GET /api/jobs/{job}/windows/{window}/keys/{key}[?extent=N]</c>: the current state of a window for one key
    /// (<c>{"job","window","groupKey","extents":[…]}</c>). The key is JSON or, when not JSON, a plain string.
    /// </summary>
    public async Task<IActionResult> QueryWindowAsync(HttpRequest req, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(req);
        var route = JobFunctionCatalog.QueryRoute;
        var job = RouteValues.Get(req, context, route, "job");
        var window = RouteValues.Get(req, context, route, "window");
        var key = RouteValues.Get(req, context, route, "key");
        if (job is null || window is null || key is null) return Error(400, "the route needs job, window and key");
        if (job != components.Job.Name) return Error(404, $"this app runs job '{components.Job.Name}', not '{job}'");

        long? extent = null;
        if (req.Query.TryGetValue("extent", out var extentText))
        {
            if (!long.TryParse(extentText, out var parsed)) return Error(400, $"extent '{extentText}' is not an integer");
            extent = parsed;
        }
        var result = await components.Query.QueryAsync(window, GroupKeyText.Parse(key), extent, context.CancellationToken);
        return result is null ? Error(404, $"job '{job}' has no window '{window}'") : Json(200, result);
    }

    /// <summary>
    /// <c>GET /api/jobs/{job}/views/{view}[?window=W][&amp;key=K]</c>: the rows of a Table view (a trigger's
    /// <c>sync.table</c>), by window, key and extent, as <see cref="ViewRowsJson"/> writes them.
    /// </summary>
    public async Task<IActionResult> ReadViewAsync(HttpRequest req, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(req);
        var route = JobFunctionCatalog.ViewsRoute;
        var job = RouteValues.Get(req, context, route, "job");
        var view = RouteValues.Get(req, context, route, "view");
        if (job is null || view is null) return Error(400, "the route needs job and view");
        if (job != components.Job.Name) return Error(404, $"this app runs job '{components.Job.Name}', not '{job}'");

        var windows = components.Job.Triggers.Where(t => t.Sync?.Table == view).Select(t => t.WindowId).Distinct().ToList();
        if (windows.Count == 0) return Error(404, $"job '{job}' has no Table view '{view}'");
        if (req.Query.TryGetValue("window", out var only))
        {
            if (!windows.Contains(only.ToString())) return Error(404, $"view '{view}' has no window '{only}'");
            windows = [only.ToString()];
        }
        string? key = req.Query.TryGetValue("key", out var keyText) ? GroupKeyText.Parse(keyText.ToString()).Json : null;

        var rows = new List<Durable.Sinks.ViewRow>();
        foreach (var window in windows) rows.AddRange(await components.Views.ReadAsync(view, window, key, context.CancellationToken));
        return Json(200, ViewRowsJson.Write(rows));
    }

    /// <summary>
    /// <c>GET /api/jobs/{job}/stats</c>: this worker's counters since it started (<see cref="WorkerStats"/>): its window
    /// store's transactions, rows and conflicts, and its stream metrics (records in and out, batches, late records, dead
    /// letters, windows fired). Each worker counts its own; a scaled-out app has one set per instance.
    /// </summary>
    public IActionResult ReadStats(HttpRequest req, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(req);
        var job = RouteValues.Get(req, context, JobFunctionCatalog.StatsRoute, "job");
        if (job is null) return Error(400, "the route needs job");
        if (job != components.Job.Name) return Error(404, $"this app runs job '{components.Job.Name}', not '{job}'");
        var stats = new WorkerStats(job, components.Runtime.Services.Store.Counters.Snapshot(), components.MetricsListener.Snapshot());
        return new ContentResult { StatusCode = 200, ContentType = "application/json", Content = stats.ToJson() };
    }

    /// <summary><c>GET /api/health</c>: the worker is up and runs this job.</summary>
    public IActionResult Health(HttpRequest req) =>
        Json(200, new JsonObject { ["status"] = "healthy", ["job"] = components.Job.Name });

    private static ContentResult Json(int status, JsonNode body) =>
        new() { StatusCode = status, ContentType = "application/json", Content = body.ToJsonString() };

    private static ContentResult Error(int status, string message) => Json(status, new JsonObject { ["error"] = message });
}
