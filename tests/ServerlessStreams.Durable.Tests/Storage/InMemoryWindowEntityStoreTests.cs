using ServerlessStreams.Durable.Storage;
using ServerlessStreams.Durable.Storage.Memory;
using ServerlessStreams.Durable.Tests.Storage.Contract;

namespace ServerlessStreams.Durable.Tests.Storage;

public sealed class InMemoryWindowEntityStoreTests : WindowEntityStoreContract
{
    private readonly InMemoryWindowEntityStore _store = new("memory-test");

    internal override IWindowEntityStore Store => _store;

    [Fact]
    public async Task Errors_name_the_store()
    {
        var key = NewKey();
        await Create(key);

        var error = await Assert.ThrowsAsync<ServerlessStreams.Durable.Storage.Errors.EntityConcurrencyException>(() => Create(key));

        Assert.Equal("memory-test", error.Table);
    }
}
