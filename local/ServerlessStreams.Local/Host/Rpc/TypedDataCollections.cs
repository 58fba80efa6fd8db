using System.Text.Encodings.Web;
using System.Text.Json;
using ServerlessStreams.Local.Host.Rpc.Messages;

namespace ServerlessStreams.Local.Host.Rpc;

/// <summary>
/// For a worker that does not report the TypedDataCollection capability the host sends arrays as Json.NET JSON
/// (GrpcMessageConversionExtensions.ToRpc falls through to ToRpcDefault); this turns the collections of a request
/// built for a capable worker into that form.
/// </summary>
internal static class TypedDataCollections
{
    public const string Capability = "TypedDataCollection";

    private static readonly JsonSerializerOptions JsonNetLike = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void AsJson(InvocationRequest request)
    {
        foreach (var input in request.InputData)
        {
            if (input.Data is { } data) input.Data = AsJson(data);
        }
        foreach (var key in request.TriggerMetadata.Keys.ToList())
        {
            request.TriggerMetadata[key] = AsJson(request.TriggerMetadata[key]);
        }
    }

    private static TypedData AsJson(TypedData data) => data.DataCase switch
    {
        TypedData.DataOneofCase.CollectionString => Json(data.CollectionString.String.ToArray()),
        TypedData.DataOneofCase.CollectionSint64 => Json(data.CollectionSint64.Sint64.ToArray()),
        TypedData.DataOneofCase.CollectionDouble => Json(data.CollectionDouble.Double.ToArray()),
        TypedData.DataOneofCase.CollectionBytes => Json(data.CollectionBytes.Bytes.Select(b => b.ToByteArray()).ToArray()),
        _ => data,
    };

    private static TypedData Json<T>(T value) => new() { Json = JsonSerializer.Serialize(value, JsonNetLike) };
}
