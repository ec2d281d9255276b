using System.Text.Json;
using System.Text.Json.Serialization;

namespace Waitinator.Reporter.Output;

/// <summary>The JSON the reporter writes: snake_case like the lab's other files, indented for people.</summary>
public static class ReportJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static void Write<T>(string path, T value)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var file = File.Create(path);
        JsonSerializer.Serialize(file, value, Options);
    }
}
