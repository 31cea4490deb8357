/** The Homebridge entry point: registers the TedeeHub dynamic platform. */
import type { API } from 'homebridge';
import { TedeeHubPlatform } from './homebridge/platform.js';
import { PLATFORM_NAME } from './homebridge/settings.js';

export default (api: API): void => {
  api.registerPlatform(PLATFORM_NAME, TedeeHubPlatform);
};
