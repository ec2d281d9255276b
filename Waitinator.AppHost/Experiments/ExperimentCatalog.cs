using System.Text.Json;

namespace Waitinator.AppHost.Experiments;

/// <summary>An experiment file's name and the first sentence of its description, as --help and --list show them.</summary>
public sealed record ExperimentSummary(string Name, string Description);

/// <summary>The experiments a folder holds (NAME.json), read leniently: a broken file is listed as such, never thrown.</summary>
public static class ExperimentCatalog
{
    public static IReadOnlyList<ExperimentSummary> Find(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        return [.. Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal).Select(Read)];
    }

    private static ExperimentSummary Read(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var description = document.RootElement.TryGetProperty("description", out var text) && text.ValueKind == JsonValueKind.String
                ? FirstSentence(text.GetString()!)
                : "(no description)";
            return new ExperimentSummary(name, description);
        }
        catch (Exception exception) when (exception is JsonException or IOException or UnauthorizedAccessException)
        {
            return new ExperimentSummary(name, $"(unreadable: {exception.Message})");
        }
    }

    private static string FirstSentence(string text)
    {
        var end = text.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? text : text[..(end + 1)];
    }
}
