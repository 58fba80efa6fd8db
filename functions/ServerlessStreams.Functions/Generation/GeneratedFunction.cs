using System.Text.Json.Nodes;

namespace ServerlessStreams.Functions.Generation;

/// <summary>One function of the app: its folder name and the content of its function.json.</summary>
public sealed record GeneratedFunction(string Name, JsonObject FunctionJson);
