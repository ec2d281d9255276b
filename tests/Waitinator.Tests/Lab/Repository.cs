namespace Waitinator.Tests.Lab;

/// <summary>Paths in the repository the tests run from.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string CeleryApp => Path.Combine(Root, "celery");

    /// <summary>An experiment file of the tests' own (tests/Waitinator.Tests/Experiments), as copied beside them.</summary>
    public static string TestExperiment(string name) => Path.Combine(AppContext.BaseDirectory, "Experiments", name + ".json");

    /// <summary>
    /// A program of this solution in its own build output, built in the same configuration as the tests: run from the
    /// test's folder it would take the test's runtime configuration.
    /// </summary>
    public static string ProgramAssembly(string project, string? folder = null)
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = Path.Combine(Root, folder ?? project, "bin", framework.Parent!.Name, framework.Name, project + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{project} is not built; build the solution first.", path);
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Waitinator.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The tests must run inside the repository (no Waitinator.sln above them).");
    }
}
