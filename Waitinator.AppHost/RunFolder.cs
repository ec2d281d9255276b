using System.Globalization;

namespace Waitinator.AppHost;

/// <summary>This run's own folder: every server's data, every database and every export of one start of the lab.</summary>
public sealed class RunFolder
{
    private RunFolder(string path) => Path = path;

    public string Path { get; }

    /// <summary>This start of the lab's id: its folder's name, a UTC timestamp.</summary>
    public string Id => System.IO.Path.GetFileName(Path);

    public static RunFolder Create(string runsDirectory, string repositoryRoot)
    {
        var root = System.IO.Path.GetFullPath(runsDirectory, repositoryRoot);
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture);
        var path = System.IO.Path.Combine(root, stamp);
        Directory.CreateDirectory(path);
        return new RunFolder(path);
    }

    /// <summary>A sub-folder, created on first use.</summary>
    public string For(string part)
    {
        var path = System.IO.Path.Combine(Path, part);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Writes a file only its owner can read: server configuration holds the generated passwords.</summary>
    public static async Task WritePrivateFileAsync(string path, string contents, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var stream = new FileStream(path, options);
        await using var writer = new StreamWriter(stream);
        await writer.WriteAsync(contents.AsMemory(), cancellationToken);
    }
}
