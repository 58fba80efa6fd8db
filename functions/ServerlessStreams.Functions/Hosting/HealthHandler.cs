using System.Text.Json.Nodes;

namespace ServerlessStreams.Functions.Hosting;

/// <summary>The built-in <c>health</c> function: an httpTrigger answer listing the functions this app serves.</summary>
public sealed class HealthHandler(Func<IReadOnlyCollection<string>> functionNames) : IInvocationHandler
{
    public Task<InvocationResult> HandleAsync(InvocationRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(InvocationResult.HttpJson(200, Body(functionNames())));

    public static JsonObject Body(IReadOnlyCollection<string> functionNames) => new()
    {
        ["status"] = "healthy",
        ["functions"] = new JsonArray(functionNames.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray()),
    };
}
