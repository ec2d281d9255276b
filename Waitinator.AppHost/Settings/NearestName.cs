namespace Waitinator.AppHost.Settings;

/// <summary>The known name closest to a mistyped one, by edit distance (case-insensitive), for "did you mean" messages.</summary>
public static class NearestName
{
    /// <summary>The candidate nearest to <paramref name="word"/>, if it is within <paramref name="maxDistance"/> edits.</summary>
    public static string? Find(string word, IEnumerable<string> candidates, int maxDistance)
    {
        var nearest = candidates.Select(candidate => (Candidate: candidate, Distance: Distance(candidate, word))).MinBy(c => c.Distance);
        return nearest.Candidate is not null && nearest.Distance <= maxDistance ? nearest.Candidate : null;
    }

    /// <summary>Levenshtein distance: insertions, deletions and substitutions, ignoring case.</summary>
    public static int Distance(string a, string b)
    {
        a = a.ToLowerInvariant();
        b = b.ToLowerInvariant();
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
