using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ServerlessStreams.Functions.Worker;

/// <summary>
/// A route parameter of an httpTrigger invocation: from the trigger's binding data (the host sends route values
/// there), else from ASP.NET Core's route values, else matched from the request path against the route template.
/// </summary>
internal static class RouteValues
{
    public static string? Get(HttpRequest request, FunctionContext context, string route, string name)
    {
        if (context.BindingContext.BindingData.TryGetValue(name, out var bound) && bound is not null) return bound.ToString();
        if (request.RouteValues.TryGetValue(name, out var routed) && routed is not null) return routed.ToString();
        return FromPath(request.Path.Value ?? "", route, name);
    }

    /// <summary>Matches the template against the path's last segments, so any route prefix (<c>api</c>) is skipped.</summary>
    internal static string? FromPath(string path, string route, string name)
    {
        var template = route.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < template.Length) return null;
        var offset = segments.Length - template.Length;
        string? value = null;
        for (var i = 0; i < template.Length; i++)
        {
            var part = template[i];
            var segment = Uri.UnescapeDataString(segments[offset + i]);
            if (part.StartsWith('{') && part.EndsWith('}'))
            {
                if (part[1..^1] == name) value = segment;
            }
            else if (!string.Equals(part, segment, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
        }
        return value;
    }
}
