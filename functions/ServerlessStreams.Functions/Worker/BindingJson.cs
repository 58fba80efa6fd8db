using System.Text.Json.Nodes;

namespace ServerlessStreams.Functions.Worker;

/// <summary>
/// Binding metadata as the worker SDK writes it for an attribute (its source generator and its build task agree):
/// <c>name</c>, <c>type</c> (the attribute's name without "Attribute", first letter lower case), <c>direction</c>
/// (<c>In</c>/<c>Out</c>, which the worker parses case-sensitively), then the constructor arguments under their
/// parameter names and the properties set, camel-cased, enums by member name; a binding that supports cardinality
/// gets <c>cardinality</c> and the element <c>dataType</c>.
/// </summary>
internal static class BindingJson
{
    public const string DirectionIn = "In";
    public const string DirectionOut = "Out";

    /// <summary>The binding the SDK writes for a <see cref="KafkaTriggerAttribute"/> on a <c>byte[][]</c> parameter.</summary>
    public static JsonObject KafkaTrigger(KafkaTriggerAttribute attribute, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        var binding = Binding(parameterName, "kafkaTrigger", DirectionIn);
        binding["brokerList"] = attribute.BrokerList;
        binding["topic"] = attribute.Topic;
        if (attribute.ConsumerGroup is { } group) binding["consumerGroup"] = group;
        if (attribute.Username is { } username) binding["username"] = username;
        if (attribute.Password is { } password) binding["password"] = password;
        if (attribute.Protocol != BrokerProtocol.NotSet) binding["protocol"] = attribute.Protocol.ToString();
        if (attribute.AuthenticationMode != BrokerAuthenticationMode.NotSet) binding["authenticationMode"] = attribute.AuthenticationMode.ToString();
        binding["lagThreshold"] = attribute.LagThreshold;
        binding["cardinality"] = attribute.IsBatched ? "Many" : "One";
        binding["dataType"] = "Binary";
        return binding;
    }

    /// <summary>A <c>[TimerTrigger(schedule)]</c> on a <c>TimerInfo</c> parameter.</summary>
    public static JsonObject TimerTrigger(string parameterName, string schedule)
    {
        var binding = Binding(parameterName, "timerTrigger", DirectionIn);
        binding["schedule"] = schedule;
        return binding;
    }

    /// <summary>A <c>[HttpTrigger(level, methods, Route = route)]</c> on an ASP.NET Core <c>HttpRequest</c> parameter.</summary>
    public static JsonObject HttpTrigger(string parameterName, string authLevel, string route, params string[] methods)
    {
        var binding = Binding(parameterName, "httpTrigger", DirectionIn);
        binding["authLevel"] = authLevel;
        binding["methods"] = new JsonArray(methods.Select(m => (JsonNode?)JsonValue.Create(m)).ToArray());
        binding["route"] = route;
        return binding;
    }

    /// <summary>The HTTP response as the function's return value (<c>IActionResult</c>), as the SDK adds it for an httpTrigger.</summary>
    public static JsonObject HttpReturn() => Binding("$return", "http", DirectionOut);

    private static JsonObject Binding(string name, string type, string direction)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new JsonObject { ["name"] = name, ["type"] = type, ["direction"] = direction };
    }
}
