using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ServerlessStreams.Local.Host;

/// <summary>
/// The worker's HTTP functions on a loopback port, for a browser: a request under host.json's route prefix
/// (<c>/api/…</c> by default) goes to the function whose route and methods take it, through <see cref="LocalTriggerHost.InvokeHttpAsync"/> (an invocation and the
/// forwarded request, as the Functions host does). No keys are checked: it listens on 127.0.0.1 only.
/// </summary>
internal sealed class LocalHttpProxy : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalHttpProxy(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>Where it listens, e.g. <c>http://127.0.0.1:53211/</c>.</summary>
    public Uri Address { get; }

    public static async Task<LocalHttpProxy> StartAsync(LocalTriggerHost host, int port = 0, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.Map(string.IsNullOrEmpty(host.HttpRoutePrefix) ? "/{**path}" : $"/{host.HttpRoutePrefix}/{{**path}}", context => ForwardAsync(host, context));
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LocalHttpProxy(app, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    private static async Task ForwardAsync(LocalTriggerHost host, HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var function = await host.Worker.FindHttpFunctionAsync(context.Request.Method, path, context.RequestAborted);
        if (function is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsync($"no HTTP function takes {context.Request.Method} {path}", context.RequestAborted);
            return;
        }

        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), path + context.Request.QueryString);
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            request.Content = new ByteArrayContent(buffer.ToArray());
            if (context.Request.ContentType is { } contentType) request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        foreach (var header in context.Request.Headers)
            if (!header.Key.StartsWith("Content-", StringComparison.OrdinalIgnoreCase) && !string.Equals(header.Key, "Host", StringComparison.OrdinalIgnoreCase))
                request.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray());

        HttpResponseMessage response;
        try
        {
            response = await host.InvokeHttpAsync(function, request, context.RequestAborted);
        }
        catch (HttpRequestException e)
        {
            context.Response.StatusCode = StatusCodes.Status502BadGateway;
            await context.Response.WriteAsync(e.Message, context.RequestAborted);
            return;
        }
        using (response)
        {
            context.Response.StatusCode = (int)response.StatusCode;
            if (response.Content.Headers.ContentType is { } type) context.Response.ContentType = type.ToString();
            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
