using System.Collections.Concurrent;
using Azure.Data.Tables;

namespace ServerlessStreams.Durable.Sinks;

/// <summary>Table clients by name, each table created once on first use.</summary>
internal sealed class TableCache(TableServiceClient service)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> _tables = new(StringComparer.Ordinal);

    public Task<TableClient> GetAsync(string table, CancellationToken ct) =>
        _tables.GetOrAdd(table, name => new Lazy<Task<TableClient>>(async () =>
        {
            var client = service.GetTableClient(name);
            await client.CreateIfNotExistsAsync(ct);
            return client;
        })).Value;
}
