using System.Net;
using ServerlessStreams.Local.Host;
using ServerlessStreams.Functions.Tests.Fixtures;

namespace ServerlessStreams.Functions.Tests.LocalHost.Rpc;

/// <summary>A real isolated worker whose host.json sets <c>extensions.http.routePrefix</c>: its HTTP functions are served under it.</summary>
public sealed class HttpRoutePrefixTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private readonly TemporaryDirectory _appFolder = new();
    private readonly TestWorkerApp _app = new();
    private LocalTriggerHost? _host;
    private LocalHttpProxy? _proxy;

    public async Task InitializeAsync()
    {
        // The test worker's build, with a host.json of its own.
        foreach (var file in Directory.EnumerateFiles(TestWorkerApp.Directory, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(_appFolder.Path, Path.GetRelativePath(TestWorkerApp.Directory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        File.WriteAllText(Path.Combine(_appFolder.Path, "host.json"), """{"version":"2.0","extensions":{"http":{"routePrefix":"v1"}}}""");

        _host = new LocalTriggerHost(new LocalTriggerHostOptions
        {
            AppDirectory = _appFolder.Path,
            AppSettings = _app.Settings(),
            WorkerStartupTimeout = Patience,
            InvocationTimeout = Patience,
        });
        await _host.StartAsync(CancellationToken.None);
        _proxy = await LocalHttpProxy.StartAsync(_host);
    }

    public async Task DisposeAsync()
    {
        if (_proxy is not null) await _proxy.DisposeAsync();
        if (_host is not null) await _host.DisposeAsync();
        _app.Dispose();
        _appFolder.Dispose();
    }

    [Fact]
    public async Task Http_functions_are_served_under_the_route_prefix_and_not_under_api()
    {
        using var client = new HttpClient { BaseAddress = _proxy!.Address };

        using var prefixed = await client.GetAsync(new Uri("v1/greet/ada?from=tests", UriKind.Relative));
        using var api = await client.GetAsync(new Uri("api/greet/ada", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, prefixed.StatusCode);
        Assert.Equal("hello ada from tests", await prefixed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("v1", _host!.HttpRoutePrefix);
    }

    [Fact]
    public async Task A_path_under_another_prefix_is_refused_naming_the_functions_route()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/greet/ada");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _host!.InvokeHttpAsync("greet", request, CancellationToken.None));

        Assert.Contains("(v1/greet/{name})", error.Message);
    }
}
