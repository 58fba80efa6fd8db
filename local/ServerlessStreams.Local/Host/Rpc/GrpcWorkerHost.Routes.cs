namespace ServerlessStreams.Local.Host.Rpc;

internal sealed partial class GrpcWorkerHost
{
    /// <summary>
    /// The httpTrigger function whose route (under the route prefix, <c>api</c> by default) and methods take <paramref name="method"/>
    /// <paramref name="path"/>, as the Functions host routes a request; null when none does.
    /// </summary>
    public async Task<string?> FindHttpFunctionAsync(string method, string path, CancellationToken cancellationToken)
    {
        var session = await _ready.Task.WaitAsync(_options.InvocationTimeout, cancellationToken).ConfigureAwait(false);
        foreach (var function in session.Functions.Values)
        {
            if (!string.Equals(function.TriggerType, "httpTrigger", StringComparison.OrdinalIgnoreCase)) continue;
            var methods = function.Trigger?["methods"] as System.Text.Json.Nodes.JsonArray;
            if (methods is { Count: > 0 } && !methods.Any(m => string.Equals(m?.ToString(), method, StringComparison.OrdinalIgnoreCase))) continue;
            var route = (function.Trigger?["route"] as System.Text.Json.Nodes.JsonValue)?.GetValue<string>();
            if (new HttpRoute(function.Name, route, _options.HttpRoutePrefix).Match(path) is not null) return function.Name;
        }
        return null;
    }
}
