import type { API, DynamicPlatformPlugin, Logging, PlatformAccessory, PlatformConfig } from 'homebridge';

/** The TedeeHub dynamic platform (the full behaviour arrives with the Homebridge issue). */
export class TedeeHubPlatform implements DynamicPlatformPlugin {
  private readonly cached: PlatformAccessory[] = [];

  constructor(
    private readonly log: Logging,
    config: PlatformConfig,
    api: API,
  ) {
    api.on('didFinishLaunching', () =>
      this.log.info(`TedeeHub platform "${String(config.name ?? 'Tedee')}" started`),
    );
  }

  configureAccessory(accessory: PlatformAccessory): void {
    this.cached.push(accessory);
  }
}
