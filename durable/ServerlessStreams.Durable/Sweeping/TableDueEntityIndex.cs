using System.Globalization;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using ServerlessStreams.Durable.Entities;
using ServerlessStreams.Durable.Storage;
using ServerlessStreams.Durable.Storage.Keys;
using ServerlessStreams.Durable.Storage.Rows;
using ServerlessStreams.Durable.Storage.Tables;

namespace ServerlessStreams.Durable.Sweeping;

/// <summary>
/// Due entities on Azure Tables: one query over the job's meta rows filtered by task and due times. With nothing
/// due it returns one empty page: an idle sweep costs one query per windowed task.
/// </summary>
internal sealed class TableDueEntityIndex(TableServiceClient service, TableWindowEntityStore store) : IDueEntityIndex
{
    public async IAsyncEnumerable<EntityKey> DueAsync(string job, string task, double now, double? watermark,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var table = service.GetTableClient(store.TableNameFor(job));
        var due = $"{EntityApplier.DueTimerProperty} le {DoubleLiteral(now)}";
        if (watermark is { } wm) due = $"({due} or {EntityApplier.DueWatermarkProperty} le {DoubleLiteral(wm)})";
        // Property names go in as text: interpolated into CreateQueryFilter they would become quoted literals.
        var filter = TableClient.CreateQueryFilter($"RowKey eq {RowKeys.Meta}")
                     + $" and {SystemProperties.KeyJob} eq " + TableClient.CreateQueryFilter($"{job}")
                     + $" and {SystemProperties.KeyTask} eq " + TableClient.CreateQueryFilter($"{task}")
                     + " and " + due;
        string[] select = ["PartitionKey", SystemProperties.KeyJob, SystemProperties.KeyTask, SystemProperties.KeyGroup];
        var keys = new List<EntityKey>();
        try
        {
            await foreach (var entity in table.QueryAsync<TableEntity>(filter, select: select, cancellationToken: ct))
                if (StoredRows.KeyOf(entity.PartitionKey, TableEntities.PropertiesOf(entity)) is { } key) keys.Add(key);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // The job's table does not exist yet: nothing is due.
        }
        foreach (var key in keys) yield return key;
    }

    /// <summary>A Double literal: an integral one would be an Int32/Int64 literal, which does not compare with Double properties.</summary>
    private static string DoubleLiteral(double value) => value.ToString("0.0##########", CultureInfo.InvariantCulture);
}
