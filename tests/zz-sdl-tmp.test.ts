import 'reflect-metadata';
import { countrySchema } from '../subgraphs/country/schema';
test('sdl', async () => {
  const { typeDefs } = await countrySchema();
  const blocks = typeDefs.split('\n\n').filter((b) => /^(""".*"""\n)?(input|type Mutation)|^"""[\s\S]*?"""\n(input|type Mutation)/m.test(b));
  console.log(blocks.join('\n\n'));
});
