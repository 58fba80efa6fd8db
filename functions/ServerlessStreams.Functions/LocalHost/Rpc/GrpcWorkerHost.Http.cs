using ServerlessStreams.Functions.LocalHost.Rpc.Messages;

namespace ServerlessStreams.Functions.LocalHost.Rpc;

public sealed partial class GrpcWorkerHost
{
    /// <summary>The header that ties the forwarded request to its InvocationRequest (the host's HttpProxyCorrelationHeader).</summary>
    public const string InvocationIdHeader = "x-ms-invocation-id";

    /// <summary>
    /// Calls an httpTrigger function as the host does for a worker that proxies HTTP: an InvocationRequest, and the
    /// request itself forwarded to the worker's HttpUri (same path and query) with <see cref="InvocationIdHeader"/>.
    /// </summary>
    /// <param name="request">Its URI's path and query are kept (e.g. <c>/api/health</c>); a relative URI is fine.</param>
    /// <exception cref="InvalidOperationException">No such HTTP function, or the worker does not proxy HTTP.</exception>
    public async Task<HttpResponseMessage> InvokeHttpAsync(string functionName, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var session = await _ready.Task.WaitAsync(_options.InvocationTimeout, cancellationToken).ConfigureAwait(false);
        if (!session.Functions.TryGetValue(functionName, out var function) ||
            !string.Equals(function.TriggerType, "httpTrigger", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"the worker has no httpTrigger function '{functionName}'");
        }
        if (!session.Capabilities.TryGetValue("HttpUri", out var httpUri) || string.IsNullOrEmpty(httpUri))
        {
            throw new InvalidOperationException(
                "the worker did not report an HttpUri capability: HTTP functions need the ASP.NET Core integration (ConfigureFunctionsWebApplication)");
        }

        var pathAndQuery = request.RequestUri is null ? "/" : request.RequestUri.IsAbsoluteUri
            ? request.RequestUri.PathAndQuery
            : request.RequestUri.OriginalString.StartsWith('/') ? request.RequestUri.OriginalString : "/" + request.RequestUri.OriginalString;
        var path = pathAndQuery.Split('?', 2)[0];
        var route = (function.Trigger?["route"] as System.Text.Json.Nodes.JsonValue)?.GetValue<string>();
        var routeValues = new HttpRoute(function.Name, route).Match(path)
            ?? throw new InvalidOperationException($"'{path}' does not match the route of '{functionName}' (api/{route ?? function.Name})");

        var invocation = InvocationRequests.Http(function.TriggerName ?? "req", routeValues, session.Capabilities);
        invocation.InvocationId = Guid.NewGuid().ToString();
        var invoked = InvokeAsync(functionName, invocation, cancellationToken);

        request.RequestUri = new Uri(new Uri(httpUri), pathAndQuery);
        request.Headers.Remove(InvocationIdHeader);
        request.Headers.Add(InvocationIdHeader, invocation.InvocationId);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // The invocation ends with the response, or fails with the worker; either way it is not left running.
            await invoked.ConfigureAwait(false);
        }
        return response;
    }
}
