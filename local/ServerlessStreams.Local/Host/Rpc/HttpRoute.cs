using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace ServerlessStreams.Local.Host.Rpc;

/// <summary>An httpTrigger's route under the host's route prefix (<c>api</c>), to find the route values of a request path.</summary>
internal sealed class HttpRoute(string functionName, string? route, string prefix)
{
    /// <summary>The route template as the host serves it, e.g. <c>api/jobs/{job}/stats</c>.</summary>
    public string Template { get; } = string.IsNullOrEmpty(prefix) ? route ?? functionName : $"{prefix}/{route ?? functionName}";

    private TemplateMatcher Matcher => _matcher ??= new(TemplateParser.Parse(Template), new RouteValueDictionary());

    private TemplateMatcher? _matcher;

    /// <summary>The route values, or null when the path is not this function's.</summary>
    public Dictionary<string, string>? Match(string path)
    {
        var values = new RouteValueDictionary();
        if (!Matcher.TryMatch(path, values)) return null;
        return values.Where(v => v.Value is not null).ToDictionary(v => v.Key, v => Convert.ToString(v.Value, System.Globalization.CultureInfo.InvariantCulture)!);
    }
}
