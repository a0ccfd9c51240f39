import {
  ConfigValidationError,
  DEMO_HOST,
  DEMO_IDP_PORT,
  DEMO_SERVICE_PORTS,
  loadConfig,
} from '@app/config';
import { LaunchError, findBffMain, launchDemo } from './launcher';

/**
 * `npm start`: the demo backends and identity provider on their fixed ports, then the BFF (whose
 * defaults point at them) as a child process.
 */
async function main(): Promise<number | undefined> {
  const bffMain = findBffMain(__dirname);
  if (bffMain === undefined) {
    console.error(
      'Cannot find the compiled BFF (dist/apps/bff/apps/bff/src/main.js): run npm run build first.',
    );
    return 1;
  }
  // The BFF reads the same environment; its config tells where it will listen.
  const { http } = loadConfig(process.env);
  const demo = await launchDemo({
    bffMain,
    bffHost: http.host,
    bffPort: http.port,
    backends: { host: DEMO_HOST, ports: { ...DEMO_SERVICE_PORTS, idp: DEMO_IDP_PORT } },
    log: (text) => console.log(text),
  });

  const stop = (): void => {
    demo.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`Error while stopping the demo: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const code = await demo.exited;
  console.error(`The BFF exited with code ${code}.`);
  return code;
}

main().then(
  (code) => {
    if (code !== undefined) process.exit(code);
  },
  (error: unknown) => {
    if (error instanceof ConfigValidationError || error instanceof LaunchError) {
      console.error(error.message);
      process.exit(error instanceof LaunchError ? error.exitCode : 1);
    }
    console.error(
      `The demo could not start: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  },
);
