namespace Orrery.Configuration;

/// <summary>A setting is invalid; the message names the setting, its source and the reason.</summary>
internal sealed class SettingsException(string message) : Exception(message);
