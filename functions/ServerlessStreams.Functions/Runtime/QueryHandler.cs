using System.Text.Json.Nodes;
using ServerlessStreams.Durable.Queries;
using ServerlessStreams.Functions.Hosting;

namespace ServerlessStreams.Functions.Runtime;

/// <summary>
/// TEMPORARY (see <see cref="JobHost"/>): the custom handler's form of <see cref="Worker.JobFunctions.QueryWindowAsync"/>.
/// <c>GET /api/jobs/{job}/windows/{window}/keys/{key}[?extent=N]</c>: the current state of a window for one key.
/// The key is JSON (<c>"Alice"</c>, <c>null</c>, <c>["a",1]</c>) or, when it is not valid JSON, a plain string.
/// </summary>
public sealed class QueryHandler(string jobName, WindowQuery query) : IInvocationHandler
{
    public async Task<InvocationResult> HandleAsync(InvocationRequest request, CancellationToken cancellationToken)
    {
        HttpTriggerRequest http;
        try
        {
            http = HttpTriggerRequest.From(request, Generation.FunctionJsonGenerator.HttpRequestBindingName);
        }
        catch (InvalidPayloadException e)
        {
            return Error(400, e.Message);
        }
        if (!http.Params.TryGetValue("job", out var job) || !http.Params.TryGetValue("window", out var window) ||
            !http.Params.TryGetValue("key", out var key))
            return Error(400, "the route needs job, window and key");
        if (job != jobName) return Error(404, $"this app runs job '{jobName}', not '{job}'");

        long? extent = null;
        if (http.Query.TryGetValue("extent", out var extentText))
        {
            if (!long.TryParse(extentText, out var parsed)) return Error(400, $"extent '{extentText}' is not an integer");
            extent = parsed;
        }

        var result = await query.QueryAsync(window, GroupKeyText.Parse(Uri.UnescapeDataString(key)), extent, cancellationToken);
        return result is null ? Error(404, $"job '{jobName}' has no window '{window}'") : InvocationResult.HttpJson(200, result);
    }

    private static InvocationResult Error(int status, string message) =>
        InvocationResult.HttpJson(status, new JsonObject { ["error"] = message });
}
