using System.Text.Json;
using ServerlessStreams.Functions.Hosting;
using InvocationRequest = ServerlessStreams.Functions.LocalHost.Rpc.Messages.InvocationRequest;
using ServerlessStreams.Functions.LocalHost.Rpc.Messages;

namespace ServerlessStreams.Functions.Tests.LocalHost.Rpc;

/// <summary>Reads the records back out of a Kafka batch InvocationRequest, independently of the encoder.</summary>
internal static class RpcRecords
{
    public static List<KafkaEventRecord> Of(InvocationRequest request, string bindingName = "events")
    {
        var input = request.InputData.Single(b => b.Name == bindingName);
        return input.Data.CollectionString.String.Select(Parse).ToList();
    }

    public static KafkaEventRecord Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var e = document.RootElement;
        var headers = e.GetProperty("Headers").EnumerateArray()
            .Select(h => new KafkaHeader(h.GetProperty("Key").GetString()!, h.GetProperty("Value").GetBytesFromBase64()))
            .ToArray();
        return new KafkaEventRecord(
            e.GetProperty("Topic").GetString()!,
            e.GetProperty("Partition").GetInt32(),
            e.GetProperty("Offset").GetInt64(),
            e.GetProperty("Timestamp").GetDateTimeOffset().ToUnixTimeMilliseconds(),
            e.GetProperty("Key").GetString(),
            e.GetProperty("Value").GetString()!,
            headers);
    }
}
