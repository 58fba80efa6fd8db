using Azure.Data.Tables;
using ServerlessStreams.Durable.Storage.Planning;

namespace ServerlessStreams.Durable.Storage.Tables;

/// <summary>Conversions between planned rows and Azure.Data.Tables entities.</summary>
internal static class TableEntities
{
    public static TableTransactionAction ToAction(string partitionKey, PlannedAction action, string? expectedMetaETag)
    {
        var entity = new TableEntity(partitionKey, action.RowKey);
        foreach (var (name, value) in action.Properties)
        {
            entity[name] = value;
        }
        return action.Kind switch
        {
            PlannedActionKind.AddMeta or PlannedActionKind.AddDedupe => new TableTransactionAction(TableTransactionActionType.Add, entity),
            PlannedActionKind.ReplaceMeta => new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, new Azure.ETag(expectedMetaETag!)),
            PlannedActionKind.Delete => new TableTransactionAction(TableTransactionActionType.Delete, entity, Azure.ETag.All),
            PlannedActionKind.Upsert => new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity),
            _ => throw new InvalidOperationException($"unknown action kind {action.Kind}"),
        };
    }

    /// <summary>An entity's properties as the store hands them out: binary as byte[], times as UTC DateTimeOffset.</summary>
    public static IReadOnlyDictionary<string, object?> PropertiesOf(TableEntity entity)
    {
        var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in entity)
        {
            properties[name] = value switch
            {
                BinaryData binary => binary.ToArray(),
                DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
                DateTimeOffset time => time.ToUniversalTime(),
                _ => value,
            };
        }
        return properties;
    }
}
