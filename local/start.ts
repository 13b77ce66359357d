/**
 * `npm start`: the API on 127.0.0.1 against moto (Cognito, DynamoDB, SES), bootstrapped with a first
 * admin and sample practitioners. Everything lives in memory and is gone when this process stops.
 *
 *   LOCAL_API_PORT=3000 (0: any free port)   LOCAL_ADMIN_EMAIL / LOCAL_ADMIN_PASSWORD: the first admin
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { IAMClient } from '@aws-sdk/client-iam';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { STSClient } from '@aws-sdk/client-sts';
import { cognitoIdentityFromEnv } from '../lambdas/composition/cognito';
import { auditTableFromEnv, auditTrailFromEnv, userRepositoryFromEnv } from '../lambdas/composition/dynamodb';
import { apiGatewayModelSchema } from '../lib/request-models';
import { TRIGGER_FUNCTIONS } from '../lib/cognito-triggers';
import { TRIGGER_TIMEOUT } from '../lib/constructs/cognito-triggers';
import { API_ROUTES } from '../lib/routes';
import { cognitoAuthorizer } from './authorizer';
import { createLocalResources } from './aws-resources';
import { bootstrapFirstAdmin, seedSamplePractitioners } from './bootstrap';
import { type CognitoTriggerEvent, cognitoTriggerRoute, LOCAL_TRIGGER_PATH, loadTriggerHandlers, testTriggerModules } from './cognito-triggers';
import { emulatorSdkEnvironment, handlerEnvironment, stackPropsFromCdkJson } from './environment';
import { synthesizeFunctionRoles } from './function-roles';
import { bundleFunctions, startFunctionAsItsRole } from './function-runtime';
import { type LocalRoute, localRoutes } from './local-routes';
import { startMotoServer } from './moto-server';
import { Outbox } from './outbox';
import { lambdaContext } from './proxy-event';
import { type LocalApiServerOptions, localApiRequestListener, type ServedRoute } from './server';
import { localWebApp, OUTBOX_PAGE_PATH } from './web-app';
import { WEB_PAGES } from '../web/pages';
import { type LocalApiInfo, walkthroughExports } from './local-api-info';

/** Cognito's wait for a trigger, the trigger functions' timeout (lib/constructs/cognito-triggers.ts). */
const TRIGGER_TIMEOUT_MS = TRIGGER_TIMEOUT.toMilliseconds();

async function main(): Promise<void> {
  const port = Number(process.env.LOCAL_API_PORT ?? 3000);
  // Listening first: the handlers' configuration (CORS origin, recovery link) and moto's trigger URL name the port.
  // Until the API is ready only the triggers are served (the bootstrap's sign-ins run them), then everything.
  let listener: RequestListener | undefined;
  const server = createServer((req, res) => (listener ? listener(req, res) : res.writeHead(503).end()));
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const motoStarting = startMotoServer({ triggerUrl: `${origin}${LOCAL_TRIGGER_PATH}` });
  // While moto starts: each function's role from the template, and the handlers bundled as CDK bundles them.
  const stack = synthesizeFunctionRoles();
  const bundling = bundleFunctions([...API_ROUTES, ...TRIGGER_FUNCTIONS].map((fn) => fn.name));
  const moto = await motoStarting;
  const bundles = await bundling;
  process.once('exit', () => bundles.remove());
  const stop = async () => {
    await moto.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop).once('SIGTERM', stop).once('disconnect', stop);

  // Everything below, the handlers included, reaches AWS only through the emulator.
  Object.assign(process.env, emulatorSdkEnvironment(moto.endpoint));
  const props = stackPropsFromCdkJson();
  const cognito = new CognitoIdentityProviderClient({});
  const resources = await createLocalResources(
    { cognito, dynamodb: new DynamoDBClient({}), ses: new SESv2Client({}), secrets: new SecretsManagerClient({}) },
    props.senderEmail,
  );
  const environment = handlerEnvironment(resources, props, origin);
  Object.assign(process.env, environment);

  // Each function, route or Cognito trigger, in its own worker, with its own environment and its role's credentials.
  const launcher = { bundles, stack, resources, environment, emulatorEndpoint: moto.endpoint, roleClients: { iam: new IAMClient({}), sts: new STSClient({}) } };
  const start = <E = APIGatewayProxyEvent, R = APIGatewayProxyResult>(handlerFile: string) => startFunctionAsItsRole<E, R>(launcher, handlerFile);
  const functions = await Promise.all(API_ROUTES.map(async (route) => ({ route, fn: await start(route.name) })));
  const triggerFunctions = await Promise.all(
    TRIGGER_FUNCTIONS.map(async ({ name }) => ({ name, fn: await start<CognitoTriggerEvent, CognitoTriggerEvent>(name) })),
  );
  const apiRoutes = functions.map(
    ({ route, fn }): ServedRoute => ({
      method: route.method,
      path: route.path,
      name: route.name,
      access: route.access,
      handler: fn.invoke,
      ...(route.body && { bodyModel: apiGatewayModelSchema(route.body) }),
    }),
  );
  const triggers = cognitoTriggerRoute(
    {
      ...Object.fromEntries(
        triggerFunctions.map(({ name, fn }) => [name, (event: CognitoTriggerEvent) => fn.invoke(event, lambdaContext(name, TRIGGER_TIMEOUT_MS))]),
      ),
      ...(await loadTriggerHandlers(testTriggerModules(), path.join(__dirname, '..'))),
    },
    (line) => console.log(line),
  );
  const authorizer = cognitoAuthorizer({ endpoint: moto.endpoint, userPoolId: resources.userPoolId, clientIds: [resources.clientId, resources.webClientId] });
  const asLocal = (route: LocalRoute): ServedRoute => ({ ...route, name: 'local', access: 'public' as const });
  const serve = (routes: ServedRoute[], extra: Pick<LocalApiServerOptions, 'afterRequest' | 'site'>) =>
    localApiRequestListener({ routes, authorizer, frontendOrigin: origin, log: (line) => console.log(line), ...extra });
  listener = serve([asLocal(triggers)], { afterRequest: async () => {} });

  const identity = cognitoIdentityFromEnv();
  const users = userRepositoryFromEnv(undefined, auditTableFromEnv());
  const audit = auditTrailFromEnv();
  const outbox = new Outbox({ endpoint: moto.endpoint });

  const admin = await bootstrapFirstAdmin({ identity, users, audit, cognito, clientId: resources.clientId, outbox });
  const practitioners = await seedSamplePractitioners({ identity, users, cognito, clientId: resources.clientId, userPoolId: resources.userPoolId });

  const local = localRoutes({ outbox, cognito, userPoolId: resources.userPoolId, webClientId: resources.webClientId });
  const site = localWebApp({
    origin,
    emulatorEndpoint: moto.endpoint,
    userPoolId: resources.userPoolId,
    webClientId: resources.webClientId,
  });
  listener = serve([...apiRoutes, ...[...local, triggers].map(asLocal)], { afterRequest: () => outbox.printNew(), site });

  // Every function's cold start (it ran alongside the bootstrap) is over before anyone calls.
  await Promise.all([...functions, ...triggerFunctions].map(({ fn }) => fn.ready));

  const info: LocalApiInfo = {
    apiUrl: origin,
    emulatorEndpoint: moto.endpoint,
    region: process.env.AWS_REGION as string,
    ...resources,
    admin,
    practitioners: practitioners.map(({ email, userId, totpSecret }) => ({ email, userId, totpSecret })),
  };
  console.log(banner(info, moto.version));
  process.send?.({ type: 'ready', info });
}

function banner(info: LocalApiInfo, motoVersion: string): string {
  const exports = Object.entries(walkthroughExports(info)).map(([name, value]) => `${name}=${value}`);
  return [
    '',
    `Web app       ${info.apiUrl}${WEB_PAGES.signIn}   (open it in a browser; emails: ${info.apiUrl}${OUTBOX_PAGE_PATH})`,
    `Local API     ${info.apiUrl}   (routes: ${API_ROUTES.map((route) => `${route.method} ${route.path}`).join(', ')})`,
    `Outbox        GET ${info.apiUrl}/_local/outbox      Sign-in helper: POST ${info.apiUrl}/_local/sign-in`,
    `OpenAPI       GET ${info.apiUrl}/openapi.json`,
    `Emulator      moto ${motoVersion} + local/moto_plugin at ${info.emulatorEndpoint} (region ${info.region})`,
    `User pool     ${info.userPoolId}   app clients: backend ${info.clientId}, web ${info.webClientId}   table ${info.tableName}`,
    `First admin   ${info.admin.email} / ${info.admin.password}   TOTP secret ${info.admin.totpSecret}`,
    `              a code for it: npm run -s local:totp -- ${info.admin.totpSecret}`,
    ...info.practitioners.map((practitioner) => `Practitioner  ${practitioner.email}   TOTP secret ${practitioner.totpSecret}`),
    '              (passwords and licenses: scripts/seed/practitioners.ts)',
    'For the walkthrough in local/README.md, in another shell:',
    `  export ${exports.join(' ')}`,
    'Press Ctrl+C to stop (all data is in memory).',
    '',
  ].join('\n');
}

main().catch((error: unknown) => {
  const { name, message, code } = error as Error & { code?: string };
  // Expected failures get one line; anything else its stack.
  if (name === 'MotoMissingError') console.error(message);
  else if (code === 'EADDRINUSE') console.error(`Port ${process.env.LOCAL_API_PORT ?? 3000} is in use; set LOCAL_API_PORT to another port (0: any free one).`);
  else console.error(error);
  process.exit(1);
});
