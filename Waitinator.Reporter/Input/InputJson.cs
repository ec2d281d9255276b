using System.Text.Json;
using System.Text.Json.Serialization;

namespace Waitinator.Reporter.Input;

/// <summary>Reads the JSON files a results folder holds; a missing or corrupt file is a warning, never a crash.</summary>
public static class InputJson
{
    /// <summary>Lenient on purpose: the files come from other programs and older versions of the lab.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    /// <summary>The file's content, or null with a warning naming the file when it is missing or unreadable.</summary>
    public static T? Read<T>(string path, ReportWarnings warnings, string whenMissing)
        where T : class
    {
        if (!File.Exists(path))
        {
            warnings.Add(path, $"missing: {whenMissing}");
            return null;
        }

        try
        {
            using var stream = File.OpenRead(path);
            var value = JsonSerializer.Deserialize<T>(stream, Options);
            if (value is null)
            {
                warnings.Add(path, "holds null, not an object: ignored");
            }

            return value;
        }
        catch (Exception exception) when (exception is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            warnings.Add(path, $"unreadable ({FirstLine(exception.Message)}): ignored");
            return null;
        }
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
