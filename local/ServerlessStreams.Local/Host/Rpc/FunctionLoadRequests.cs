using System.Text.Json.Nodes;
using ServerlessStreams.Local.Host.Rpc.Messages;

namespace ServerlessStreams.Local.Host.Rpc;

/// <summary>
/// The FunctionLoadRequest the host sends for a worker-indexed function (GrpcWorkerChannel.GetFunctionLoadRequest):
/// the function's id, name, directory, script file, entry point, its bindings as BindingInfo, its properties and retry options.
/// </summary>
internal static class FunctionLoadRequests
{
    public static FunctionLoadRequest For(RpcFunctionMetadata indexed, string functionId)
    {
        var metadata = new RpcFunctionMetadata
        {
            Name = indexed.Name,
            Directory = indexed.Directory ?? string.Empty,
            EntryPoint = indexed.EntryPoint ?? string.Empty,
            ScriptFile = indexed.ScriptFile ?? string.Empty,
            IsProxy = false,
        };
        if (indexed.Bindings.Count > 0)
        {
            metadata.Bindings.Add(indexed.Bindings);
        }
        else
        {
            foreach (var raw in indexed.RawBindings)
            {
                if (JsonNode.Parse(raw) is JsonObject binding && (binding["name"] as JsonValue)?.GetValue<string>() is { } name)
                {
                    metadata.Bindings[name] = BindingInfoOf(binding);
                }
            }
        }
        metadata.Properties.Add(indexed.Properties);
        if (indexed.RetryOptions is { } retry) metadata.RetryOptions = retry;
        return new FunctionLoadRequest { FunctionId = functionId, Metadata = metadata };
    }

    private static BindingInfo BindingInfoOf(JsonObject binding)
    {
        var direction = (binding["direction"] as JsonValue)?.GetValue<string>()?.ToLowerInvariant() switch
        {
            "out" => BindingInfo.Types.Direction.Out,
            "inout" => BindingInfo.Types.Direction.Inout,
            _ => BindingInfo.Types.Direction.In,
        };
        var dataType = (binding["dataType"] as JsonValue)?.GetValue<string>()?.ToLowerInvariant() switch
        {
            "string" => BindingInfo.Types.DataType.String,
            "binary" => BindingInfo.Types.DataType.Binary,
            "stream" => BindingInfo.Types.DataType.Stream,
            _ => BindingInfo.Types.DataType.Undefined,
        };
        return new BindingInfo { Type = (binding["type"] as JsonValue)?.GetValue<string>() ?? string.Empty, Direction = direction, DataType = dataType };
    }
}
