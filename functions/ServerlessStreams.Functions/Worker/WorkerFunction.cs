using System.Text.Json.Nodes;

namespace ServerlessStreams.Functions.Worker;

/// <summary>One function the worker reports to the Functions host: its name, the method that runs it and its bindings.</summary>
/// <param name="EntryPoint">The method, as <c>Namespace.Type.Method</c>, in <see cref="JobFunctionCatalog.ScriptFile"/>.</param>
internal sealed record WorkerFunction(string Name, string EntryPoint, IReadOnlyList<JsonObject> Bindings);
