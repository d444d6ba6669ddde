namespace Orrery.Receive.Scrape;

/// <summary>
/// What one scrape yielded, for the synthetic series: samples in the response
/// (<c>scrape_samples_scraped</c>), samples kept after metric relabeling
/// (<c>scrape_samples_post_metric_relabeling</c>) and series not in the previous scrape (<c>scrape_series_added</c>).
/// </summary>
public readonly record struct ScrapeCounts(int Scraped, int PostMetricRelabeling, int SeriesAdded);
