using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace ServerlessStreams.Functions.LocalHost.Rpc;

/// <summary>An httpTrigger's route under the host's <c>api/</c> prefix, to find the route values of a request path.</summary>
internal sealed class HttpRoute(string functionName, string? route, string prefix = "api")
{
    private readonly TemplateMatcher _matcher = new(
        TemplateParser.Parse(string.IsNullOrEmpty(prefix) ? route ?? functionName : $"{prefix}/{route ?? functionName}"),
        new RouteValueDictionary());

    /// <summary>The route values, or null when the path is not this function's.</summary>
    public Dictionary<string, string>? Match(string path)
    {
        var values = new RouteValueDictionary();
        if (!_matcher.TryMatch(path, values)) return null;
        return values.Where(v => v.Value is not null).ToDictionary(v => v.Key, v => Convert.ToString(v.Value, System.Globalization.CultureInfo.InvariantCulture)!);
    }
}
