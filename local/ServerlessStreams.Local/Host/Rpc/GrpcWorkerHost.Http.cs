using ServerlessStreams.Local.Host.Rpc.Messages;

namespace ServerlessStreams.Local.Host.Rpc;

internal sealed partial class GrpcWorkerHost
{
    /// <summary>The header that ties the forwarded request to its InvocationRequest (the host's HttpProxyCorrelationHeader).</summary>
    public const string InvocationIdHeader = "x-ms-invocation-id";

    /// <summary>
    /// Calls an httpTrigger function as the host does for a worker that proxies HTTP: an InvocationRequest, and the
    /// request itself forwarded to the worker's HttpUri (same path and query) with <see cref="InvocationIdHeader"/>.
    /// </summary>
    /// <param name="request">Its URI's path and query are kept (e.g. <c>/api/health</c>); a relative URI is fine.</param>
    /// <exception cref="InvalidOperationException">No such HTTP function, or the worker does not proxy HTTP.</exception>
    /// <exception cref="HttpRequestException">
    /// The request could not be forwarded to the worker (connection refused or reset): the invocation is cancelled at
    /// once, since the worker would wait for the request until the invocation timeout; the message says what failed.
    /// </exception>
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
        var route = new HttpRoute(function.Name, (function.Trigger?["route"] as System.Text.Json.Nodes.JsonValue)?.GetValue<string>(), _options.HttpRoutePrefix);
        var routeValues = route.Match(path)
            ?? throw new InvalidOperationException($"'{path}' does not match the route of '{functionName}' ({route.Template})");

        var invocation = InvocationRequests.Http(function.TriggerName ?? "req", routeValues, session.Capabilities);
        invocation.InvocationId = Guid.NewGuid().ToString();
        using var forwarding = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var invoked = InvokeAsync(functionName, invocation, forwarding.Token);

        request.RequestUri = new Uri(new Uri(httpUri), pathAndQuery);
        request.Headers.Remove(InvocationIdHeader);
        request.Headers.Add(InvocationIdHeader, invocation.InvocationId);
        try
        {
            return await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            // The worker never got the request its invocation waits for: end the invocation now, as cancelled.
            await forwarding.CancelAsync().ConfigureAwait(false);
            throw new HttpRequestException(
                $"{functionName} (invocation {invocation.InvocationId}): forwarding {request.Method} {pathAndQuery} to the worker's HttpUri {httpUri} failed, so the invocation was cancelled: {e.Message}",
                e, e.StatusCode);
        }
        finally
        {
            // The invocation ends with the response, or fails with the worker, or was cancelled; it is not left running.
            try
            {
                await invoked.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (forwarding.IsCancellationRequested)
            {
            }
        }
    }
}
