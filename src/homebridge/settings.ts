/** The names Homebridge knows the plugin by: pluginAlias in config.schema.json and the package name. */
export const PLATFORM_NAME = 'TedeeHub';
export const PLUGIN_NAME = 'homebridge-tedee-hub';
