namespace Orrery.Receive.Scrape.Config;

/// <summary>
/// <c>file_sd_configs</c>: target groups read from JSON or YAML files matched by
/// <see cref="Files"/> (a <c>*</c> allowed in the file name), re-read when a file changes and
/// every <see cref="RefreshInterval"/>.
/// </summary>
public sealed record FileSdConfig(IReadOnlyList<string> Files, TimeSpan RefreshInterval)
{
    public static readonly TimeSpan DefaultRefreshInterval = TimeSpan.FromMinutes(5);

    internal static FileSdConfig FromYaml(YamlFields f, string? baseDirectory)
    {
        f.RejectUnknown(["files", "refresh_interval"]);
        var files = f.StringList("files");
        if (files.Count == 0) throw new ScrapeConfigException(f.FieldPath("files"), "file service discovery config must contain at least one path name");
        var resolved = new List<string>(files.Count);
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            if (!IsValidPattern(file))
                throw YamlFields.Error($"{f.FieldPath("files")}[{i}]", $"path name \"{file}\" is not valid for file discovery (a .json, .yml or .yaml file; '*' only in the file name)", f.Get("files"));
            resolved.Add(baseDirectory is null || Path.IsPathRooted(file) ? file : Path.GetFullPath(Path.Combine(baseDirectory, file)));
        }
        var refresh = f.Duration("refresh_interval") ?? DefaultRefreshInterval;
        if (refresh <= TimeSpan.Zero) throw new ScrapeConfigException(f.FieldPath("refresh_interval"), "must be greater than 0");
        return new FileSdConfig(resolved, refresh);
    }

    // Prometheus: ^[^*]*(\*[^/]*)?\.(json|yml|yaml|JSON|YML|YAML)$
    private static bool IsValidPattern(string file)
    {
        var star = file.IndexOf('*');
        if (star >= 0 && (file.IndexOf('*', star + 1) >= 0 || file.IndexOf('/', star) >= 0)) return false;
        return file.EndsWith(".json", StringComparison.Ordinal) || file.EndsWith(".yml", StringComparison.Ordinal) || file.EndsWith(".yaml", StringComparison.Ordinal)
            || file.EndsWith(".JSON", StringComparison.Ordinal) || file.EndsWith(".YML", StringComparison.Ordinal) || file.EndsWith(".YAML", StringComparison.Ordinal);
    }
}
