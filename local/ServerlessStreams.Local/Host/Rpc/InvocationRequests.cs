using System.Globalization;
using System.Text.Json.Nodes;
using Google.Protobuf;
using KafkaEventRecord = ServerlessStreams.Functions.Hosting.KafkaEventRecord;
using ServerlessStreams.Local.Host.Rpc.Messages;

namespace ServerlessStreams.Local.Host.Rpc;

/// <summary>
/// InvocationRequests as the Functions host builds them for an isolated worker (ScriptInvocationContextExtensions
/// .ToRpcInvocationRequest, GrpcMessageConversionExtensions.ToRpc with the worker's TypedDataCollection capability):
/// the trigger's input as a ParameterBinding and the trigger's binding data as trigger metadata, <c>sys</c> left out.
/// Function id and invocation id are the invoker's to fill in.
/// </summary>
internal static class InvocationRequests
{
    public const string RequiresRouteParameters = "RequiresRouteParameters";
    public const string UseNullableValueDictionaryForHttp = "UseNullableValueDictionaryForHttp";

    /// <summary>
    /// A kafkaTrigger batch with <c>cardinality: many</c>. With <c>dataType: binary</c> the extension binds <c>byte[][]</c>,
    /// each record's value as it is (<c>KafkaEventDataConvertManager.ConvertToByteArray</c>), which the host sends as
    /// <c>collection_bytes</c>; with <c>dataType: string</c> it binds <c>string[]</c>, one record JSON each, sent as
    /// <c>collection_string</c>. Either way the record's coordinates are the binding data
    /// (KafkaTriggerBindingStrategy.AddBindingData), through the same conversion: <c>long[]</c> OffsetArray as
    /// <c>collection_sint64</c>, <c>string[]</c> TopicArray as <c>collection_string</c>, and the arrays of other element
    /// types (int, DateTime, object, int?, bool) as Json.NET JSON.
    /// </summary>
    public static InvocationRequest KafkaBatch(string bindingName, IReadOnlyList<KafkaEventRecord> records, KafkaBatchDataType dataType)
    {
        var request = Input(bindingName, dataType == KafkaBatchDataType.Binary ? Values(records) : RecordJson(records));
        var offsets = new CollectionSInt64();
        foreach (var record in records) offsets.Sint64.Add(record.Offset);
        var topics = new CollectionString();
        foreach (var record in records) topics.String.Add(record.Topic);

        request.TriggerMetadata.Add("PartitionArray", Json(KafkaRecordJson.Partitions(records)));
        request.TriggerMetadata.Add("OffsetArray", new TypedData { CollectionSint64 = offsets });
        request.TriggerMetadata.Add("TimestampArray", Json(KafkaRecordJson.Timestamps(records)));
        request.TriggerMetadata.Add("TopicArray", new TypedData { CollectionString = topics });
        request.TriggerMetadata.Add("KeyArray", Json(KafkaRecordJson.Keys(records)));
        request.TriggerMetadata.Add("HeadersArray", Json(KafkaRecordJson.Headers(records)));
        request.TriggerMetadata.Add("LeaderEpochArray", Json(KafkaRecordJson.Repeat("null", records.Count)));
        request.TriggerMetadata.Add("IsPartitionEOFArray", Json(KafkaRecordJson.Repeat("false", records.Count)));
        return request;
    }

    /// <summary>
    /// The values as <c>ToRpcByteArray</c> sends them. The host copies each; here the request is written to the
    /// worker before anything could change a record, so the bytes are sent from where they are.
    /// </summary>
    private static TypedData Values(IReadOnlyList<KafkaEventRecord> records)
    {
        var values = new CollectionBytes();
        foreach (var record in records) values.Bytes.Add(UnsafeByteOperations.UnsafeWrap(record.Value));
        return new TypedData { CollectionBytes = values };
    }

    private static TypedData RecordJson(IReadOnlyList<KafkaEventRecord> records)
    {
        var events = new CollectionString();
        KafkaRecordJson.Records(records, events.String);
        return new TypedData { CollectionString = events };
    }

    /// <summary>
    /// A timerTrigger run: the extension's <c>TimerInfo</c> through Json.NET, <c>{"Schedule": {"AdjustForDST": true},
    /// "ScheduleStatus": {"Last", "Next", "LastUpdated"}, "IsPastDue"}</c>, as JSON; the timer has no binding data.
    /// </summary>
    public static InvocationRequest Timer(string bindingName, DateTimeOffset scheduled, DateTimeOffset? last, DateTimeOffset next,
        bool isPastDue = false)
    {
        var timer = new JsonObject
        {
            ["Schedule"] = new JsonObject { ["AdjustForDST"] = true },
            ["ScheduleStatus"] = new JsonObject
            {
                ["Last"] = Format(last ?? DateTimeOffset.MinValue),
                ["Next"] = Format(next),
                ["LastUpdated"] = Format(scheduled),
            },
            ["IsPastDue"] = isPastDue,
        };
        return Input(bindingName, new TypedData { Json = timer.ToJsonString() });
    }

    /// <summary>
    /// An httpTrigger call to a worker that proxies HTTP (HttpUri capability): the request itself goes to the worker
    /// over HTTP, so the input is an empty RpcHttp, holding the route values only when the worker asks for them
    /// (RequiresRouteParameters; in NullableParams when it says UseNullableValueDictionaryForHttp). The route values
    /// are also binding data, sent as strings.
    /// </summary>
    public static InvocationRequest Http(string bindingName, IReadOnlyDictionary<string, string> routeValues,
        IReadOnlyDictionary<string, string> workerCapabilities)
    {
        var http = new RpcHttp();
        if (workerCapabilities.ContainsKey(RequiresRouteParameters))
        {
            var nullable = workerCapabilities.ContainsKey(UseNullableValueDictionaryForHttp);
            foreach (var (name, value) in routeValues)
            {
                if (nullable) http.NullableParams[name] = new NullableString { Value = value };
                else http.Params[name] = value;
            }
        }
        var request = Input(bindingName, new TypedData { Http = http });
        foreach (var (name, value) in routeValues) request.TriggerMetadata[name] = new TypedData { String = value };
        return request;
    }

    private static InvocationRequest Input(string bindingName, TypedData data)
    {
        var request = new InvocationRequest();
        request.InputData.Add(new ParameterBinding { Name = bindingName, Data = data });
        return request;
    }

    private static TypedData Json(string json) => new() { Json = json };

    private static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
