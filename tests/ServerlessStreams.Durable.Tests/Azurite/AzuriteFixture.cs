using ServerlessStreams.Local.Azurite;

namespace ServerlessStreams.Durable.Tests.Azurite;

/// <summary>One Azurite for every test in the <see cref="AzuriteCollection"/>, started from node_modules and stopped at the end.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteInstance? _instance;

    internal AzuriteInstance Instance => _instance ?? throw new InvalidOperationException("Azurite has not been started");

    public string ConnectionString => Instance.ConnectionString;

    public async Task InitializeAsync() => _instance = await AzuriteRunner.StartAsync();

    public async Task DisposeAsync()
    {
        if (_instance is not null)
        {
            await _instance.DisposeAsync();
        }
    }
}
