using System.Text.Json;
using ServerlessStreams.Functions.Hosting;
using InvocationRequest = ServerlessStreams.Local.Host.Rpc.Messages.InvocationRequest;

namespace ServerlessStreams.Functions.Tests.LocalHost.Rpc;

/// <summary>Reads the records back out of a Kafka batch InvocationRequest, independently of the encoder and the worker's decoder.</summary>
internal static class RpcRecords
{
    public static List<KafkaEventRecord> Of(InvocationRequest request, string bindingName = "events")
    {
        var input = request.InputData.Single(b => b.Name == bindingName);
        if (input.Data.CollectionString is { } strings) return strings.String.Select(Parse).ToList();

        // dataType binary: the values, and each record's coordinates at its index in the metadata arrays.
        var metadata = request.TriggerMetadata;
        using var partitions = JsonDocument.Parse(metadata["PartitionArray"].Json);
        using var timestamps = JsonDocument.Parse(metadata["TimestampArray"].Json);
        using var keys = JsonDocument.Parse(metadata["KeyArray"].Json);
        using var headers = JsonDocument.Parse(metadata["HeadersArray"].Json);
        return input.Data.CollectionBytes.Bytes.Select((value, i) => new KafkaEventRecord(
            metadata["TopicArray"].CollectionString.String[i],
            partitions.RootElement[i].GetInt32(),
            metadata["OffsetArray"].CollectionSint64.Sint64[i],
            timestamps.RootElement[i].GetDateTimeOffset().ToUnixTimeMilliseconds(),
            keys.RootElement[i].GetString(),
            value.ToByteArray(),
            Headers(headers.RootElement[i]))).ToList();
    }

    public static KafkaEventRecord Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var e = document.RootElement;
        return new KafkaEventRecord(
            e.GetProperty("Topic").GetString()!,
            e.GetProperty("Partition").GetInt32(),
            e.GetProperty("Offset").GetInt64(),
            e.GetProperty("Timestamp").GetDateTimeOffset().ToUnixTimeMilliseconds(),
            e.GetProperty("Key").GetString(),
            e.GetProperty("Value").GetString()!,
            Headers(e.GetProperty("Headers")));
    }

    private static KafkaHeader[] Headers(JsonElement headers) =>
        headers.EnumerateArray().Select(h => new KafkaHeader(h.GetProperty("Key").GetString()!, h.GetProperty("Value").GetBytesFromBase64())).ToArray();
}
