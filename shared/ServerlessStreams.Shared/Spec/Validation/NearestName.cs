namespace ServerlessStreams.Spec.Validation;

/// <summary>Finds the known name a misspelt one most likely meant (after Onyx's helpful job errors).</summary>
internal static class NearestName
{
    /// <summary>The closest candidate, or null when none is close enough to be a plausible typo.</summary>
    public static string? Find(string given, IEnumerable<string> candidates)
    {
        var normalized = Normalize(given);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates.Distinct(StringComparer.Ordinal))
        {
            if (candidate == given) continue;
            var normalizedCandidate = Normalize(candidate);
            if (normalizedCandidate == normalized) return candidate;
            var distance = Distance(normalized, normalizedCandidate);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        var tolerance = Math.Max(1, Math.Min(normalized.Length, best?.Length ?? 0) / 3);
        return bestDistance <= tolerance ? best : null;
    }

    /// <summary><c>; did you mean 'x'?</c>, or empty when nothing is close.</summary>
    public static string Hint(string given, IEnumerable<string> candidates) =>
        Find(given, candidates) is { } nearest ? $"; did you mean '{nearest}'?" : "";

    // Case, separators and an Onyx-style namespace ("window/window-key") do not make a different name.
    private static string Normalize(string name)
    {
        var local = name[(name.LastIndexOf('/') + 1)..].TrimStart(':');
        return new string(local.Where(c => c is not ('-' or '_' or ' ')).Select(char.ToLowerInvariant).ToArray());
    }

    // Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps.
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }

        return d[a.Length, b.Length];
    }
}
