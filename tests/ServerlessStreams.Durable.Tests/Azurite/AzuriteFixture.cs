using ServerlessStreams.Durable.Storage;
using ServerlessStreams.Durable.Storage.Tables;
using ServerlessStreams.Local.Azurite;

namespace ServerlessStreams.Durable.Tests.Azurite;

/// <summary>One Azurite for every test in the <see cref="AzuriteCollection"/>, started from node_modules and stopped at the end.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteInstance? _instance;

    internal AzuriteInstance Instance => _instance ?? throw new InvalidOperationException("Azurite has not been started");

    public string ConnectionString => Instance.ConnectionString;

    /// <summary>A window store on a table of its own, named <paramref name="prefix"/> and a fresh suffix, so tests never share state.</summary>
    internal Task<IWindowEntityStore> NewWindowStoreAsync(string prefix) =>
        Task.FromResult<IWindowEntityStore>(TableWindowEntityStore.FromConnectionString(
            ConnectionString, new TableWindowEntityStoreOptions { TableName = prefix + Guid.NewGuid().ToString("N") }));

    public async Task InitializeAsync() => _instance = await AzuriteRunner.StartAsync();

    public async Task DisposeAsync()
    {
        if (_instance is not null)
        {
            await _instance.DisposeAsync();
        }
    }
}
