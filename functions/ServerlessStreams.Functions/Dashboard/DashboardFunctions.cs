using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ServerlessStreams.Functions.Worker;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Dashboard;

/// <summary>
/// <c>GET /api/dashboard</c>: one page (HTML, script and SVG embedded in this assembly; nothing fetched from
/// elsewhere) that polls <c>GET /api/dashboard/data</c> (<see cref="DashboardData"/>) every second.
/// </summary>
internal sealed class DashboardFunctions(DashboardData data)
{
    public const string PageFunction = "dashboard";
    public const string DataFunction = "dashboard-data";
    public const string PageRoute = "dashboard";
    public const string DataRoute = "dashboard/data";
    private const string PageResource = "ServerlessStreams.Functions.Dashboard.dashboard.html";

    private static readonly Lazy<string> Page = new(() =>
    {
        using var stream = typeof(DashboardFunctions).Assembly.GetManifestResourceStream(PageResource)
            ?? throw new InvalidOperationException($"the assembly has no resource {PageResource}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>The page and its data, function-level auth as the other HTTP functions.</summary>
    public static IEnumerable<WorkerFunction> For(JobSpec job)
    {
        _ = job;
        yield return Get(PageFunction, nameof(PageAsync), PageRoute);
        yield return Get(DataFunction, nameof(DataAsync), DataRoute);
    }

    public Task<IActionResult> PageAsync(HttpRequest req, FunctionContext context) =>
        System.Threading.Tasks.Task.FromResult<IActionResult>(new ContentResult
        {
            StatusCode = 200, ContentType = "text/html; charset=utf-8", Content = Page.Value,
        });

    public async Task<IActionResult> DataAsync(HttpRequest req, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var body = await data.ReadAsync(context.CancellationToken);
        return new ContentResult { StatusCode = 200, ContentType = "application/json", Content = body.ToJsonString() };
    }

    private static WorkerFunction Get(string name, string method, string route) =>
        new(name, $"{typeof(DashboardFunctions).FullName}.{method}",
            [BindingJson.HttpTrigger(JobFunctionCatalog.HttpRequestParameter, "Function", route, "get"), BindingJson.HttpReturn()]);
}
